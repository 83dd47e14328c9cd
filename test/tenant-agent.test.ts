import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { markProcessed } from "../agents/shared/dedup";
import { addToOutbox, flushOutbox, pendingCount } from "../agents/shared/outbox";
import { PRUNE_CRON } from "../agents/tenant-agent";
import { createMessage } from "../events";
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
