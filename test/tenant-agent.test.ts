import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { tenantMigrations } from "../agents/tenant/schema";
import { readTraffic } from "../agents/tenant/traffic";
import { PRUNE_CRON } from "../agents/tenant-agent";
import { createMessage, type Message } from "../events";
import { markProcessed } from "../platform/sqlite/dedup";
import { addToOutbox, flushOutbox, pendingCount } from "../platform/sqlite/outbox";
import { createTenant, uniqueTenant } from "./support/api";

const DAY = 24 * 60 * 60 * 1000;

function command(tenant: string) {
  return createMessage(
    "research.requested",
    { keywords: ["budget apps"] },
    { tenant_id: tenant, source: "switchboard" },
  );
}

describe("the tenant agent's own prune schedule", () => {
  it("is created when the agent starts, once, however often it wakes", async () => {
    const tenant = await createTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await stub.getTenantState();
    await runInDurableObject(stub, async (agent) => {
      const prunes = async () =>
        (await agent.listSchedules({ type: "cron" })).filter((s) => s.callback === "prune");
      expect(await prunes()).toEqual([expect.objectContaining({ type: "cron", cron: PRUNE_CRON })]);
      await agent.ensurePruneSchedule();
      await agent.ensurePruneSchedule();
      expect(await prunes()).toHaveLength(1);
    });
  });

  it("replaces a prune schedule with another cron rather than keeping both", async () => {
    const stub = env.TENANT_AGENT.getByName(uniqueTenant());
    await runInDurableObject(stub, async (agent) => {
      await agent.schedule("0 4 * * *", "prune");
      await agent.ensurePruneSchedule();
      const crons = (await agent.listSchedules({ type: "cron" }))
        .filter((s) => s.callback === "prune")
        .map((s) => (s.type === "cron" ? s.cron : ""));
      expect(crons).toEqual([PRUNE_CRON]);
    });
  });
});

describe("pruning", () => {
  it("forgets processed events after 7 days and sent outbox rows after a day, never unsent ones", async () => {
    const tenant = uniqueTenant();
    const now = Date.now();
    await runInDurableObject(env.TENANT_AGENT.getByName(tenant), async (agent, state) => {
      const sql = state.storage.sql;
      markProcessed(sql, crypto.randomUUID(), "research.completed", now - 8 * DAY);
      const recent = crypto.randomUUID();
      markProcessed(sql, recent, "research.completed", now - 6 * DAY);
      addToOutbox(sql, command(tenant), now - 3 * DAY);
      await flushOutbox(sql, async () => {}, now - 2 * DAY);
      addToOutbox(sql, command(tenant), now - 3 * DAY);

      expect(await agent.prune(now)).toBe(2);
      const ids = sql
        .exec<{ event_id: string }>("SELECT event_id FROM processed_events")
        .toArray()
        .map((r) => r.event_id);
      expect(ids).toEqual([recent]);
      expect(pendingCount(sql)).toBe(1);
    });
  });
});

function posted(tenant: string, n: number): Message {
  return createMessage(
    "social.posted",
    { content_id: `c-${n}`, post_ids: [`p-${n}`] },
    { tenant_id: tenant, source: "social" },
  );
}

describe("the tenant's applied and duplicate totals", () => {
  it("stay exact over calls that log, calls of duplicates alone, and a restart", async () => {
    // Given a tenant's agent
    const tenant = uniqueTenant();
    const agent = env.TENANT_AGENT.getByName(tenant);
    const events = Array.from({ length: 8 }, (_, i) => posted(tenant, i));
    const totals = async (batch: Message[]) => (await agent.applyEvents(batch)).totals;

    // When new events, redeliveries alone, and both mixed arrive call after call
    expect(await totals(events.slice(0, 5))).toEqual({ applied: 5, duplicates: 0 });
    expect(await totals(events.slice(0, 3))).toEqual({ applied: 5, duplicates: 3 });
    expect(await totals(events.slice(3, 7))).toEqual({ applied: 7, duplicates: 5 });
    expect(await totals(events.slice(6, 7))).toEqual({ applied: 7, duplicates: 6 });
    // and the agent is evicted and wakes again
    await evictDurableObject(agent);

    // Then its state shows the totals, and the next call adds to them
    expect(await agent.getTenantState()).toMatchObject({ applied: 7, duplicates: 6 });
    expect(await totals([events[7] as Message, events[0] as Message])).toEqual({
      applied: 8,
      duplicates: 7,
    });
  });

  it("read the same after version 13 moves them onto the event log", async () => {
    const v13 = tenantMigrations.find((m) => m.version === 13);
    const tenant = uniqueTenant();
    const agent = env.TENANT_AGENT.getByName(tenant);
    // Given an agent put back as it was before version 13: totals in the traffic row,
    // log rows without them
    const migrated = await runInDurableObject(agent, (_agent, state) => {
      const sql = state.storage.sql;
      sql.exec(`
        DELETE FROM event_calls;
        ALTER TABLE event_calls DROP COLUMN applied_total;
        ALTER TABLE event_calls DROP COLUMN duplicates_total;
        ALTER TABLE traffic DROP COLUMN call;
        INSERT INTO event_calls (call, applied_at, events)
          VALUES (1, '2026-11-01T00:00:00.000Z', '[]'), (2, '2026-11-01T00:00:01.000Z', '[]');
        INSERT INTO traffic (id, applied, duplicates) VALUES (1, 40, 3)
          ON CONFLICT (id) DO UPDATE SET applied = 40, duplicates = 3;
      `);

      // When version 13 runs
      sql.exec(v13?.sql ?? "");
      return readTraffic(sql);
    });

    // Then the totals are the traffic row's, and the next call adds to them
    expect(migrated).toEqual({ applied: 40, duplicates: 3 });
    const event = posted(tenant, 1);
    expect((await agent.applyEvents([event, event])).totals).toEqual({
      applied: 41,
      duplicates: 4,
    });
  });
});
