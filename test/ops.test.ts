import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage } from "../events";
import { api, createTenant, eventually } from "./support/api";

type Listed = { tenants: { id: string; summary: { applied: number; cycles: number } | null }[] };

function event(tenant: string) {
  return createMessage(
    "content.ready",
    { content_id: crypto.randomUUID(), keyword: "k", word_count: 10 },
    { tenant_id: tenant, source: "test" },
  );
}

describe("the operator's view", () => {
  it("lists each tenant with the counters its agent last reported", async () => {
    const tenant = await createTenant();
    await env.TENANT_AGENT.getByName(tenant).applyEvents([event(tenant), event(tenant)]);
    await api(`/api/tenants/${tenant}/cycle`, { method: "POST" });

    const listed = await eventually(
      async () => (await (await api("/api/tenants")).json()) as Listed,
      // Two events, the cycle's request, and its cycle.started coming back from the queue;
      // the applied count can arrive first (with the consumer's metrics), the cycle after.
      (body) => {
        const summary = body.tenants.find((t) => t.id === tenant)?.summary;
        return summary?.applied === 4 && summary.cycles === 1;
      },
    );

    expect(listed.tenants.find((t) => t.id === tenant)?.summary).toMatchObject({
      applied: 4,
      cycles: 1,
    });
  });

  it("receives coalesced summaries: far fewer calls than changes, at most one per summary window", async () => {
    // Given a tenant whose agent applies twenty batches back to back
    const tenant = await createTenant();
    const agent = env.TENANT_AGENT.getByName(tenant);
    const ops = env.OPS_AGENT.getByName("main");
    const started = Date.now();
    for (let i = 0; i < 20; i++) await agent.applyEvents([event(tenant)]);

    // When its summary catches up
    await eventually(
      async () => (await ops.getTenant(tenant))?.summary?.applied ?? 0,
      (applied) => applied === 20,
    );
    const elapsedSeconds = (Date.now() - started) / 1000;

    // Then the agent made far fewer summary calls than batches, never more than one a second
    const calls = await ops.summaryCalls(tenant);
    expect(calls).toBeLessThan(20);
    expect(calls).toBeLessThanOrEqual(Math.ceil(elapsedSeconds) + 1);
  });

  it("keeps the live feed to its newest 200 items", async () => {
    const ops = env.OPS_AGENT.getByName("main");
    const tenant = await createTenant();
    const at = new Date().toISOString();
    const items = Array.from({ length: 250 }, (_, i) => ({
      at,
      kind: "note",
      text: `item ${i}`,
      correlation_id: null,
    }));
    await ops.recordSummary(
      tenant,
      {
        applied: 0,
        duplicates: 0,
        cycles: 0,
        decisions: 0,
        runs_started: 0,
        runs_active: 0,
        runs_completed: 0,
        runs_failed: 0,
        articles_published: 0,
        strategy_version: 1,
        last_cycle_at: null,
        last_error: null,
        updated_at: at,
      },
      items,
    );

    const feed = (await (await api("/api/feed?limit=200")).json()) as {
      items: { tenant_id: string; text: string }[];
    };
    expect(feed.items).toHaveLength(200);
    // Other tenants may report meanwhile; this tenant's newest item comes first of its own.
    expect(feed.items.find((i) => i.tenant_id === tenant)?.text).toBe("item 249");
    expect(await ops.listActivity(500)).toHaveLength(200);
  });

  it("shows a tenant's decisions in the live feed", async () => {
    const tenant = await createTenant();
    await api(`/api/tenants/${tenant}/cycle`, { method: "POST" });
    const feed = await eventually(
      async () =>
        (await (await api("/api/feed?limit=200")).json()) as {
          items: { tenant_id: string; kind: string }[];
        },
      (body) => body.items.some((i) => i.tenant_id === tenant && i.kind === "cycle"),
    );
    expect(feed.items.find((i) => i.tenant_id === tenant)).toBeDefined();
  });
});
