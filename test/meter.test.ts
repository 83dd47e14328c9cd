import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage, type Message } from "../events";
import { api, createTenant, uniqueTenant } from "./support/api";
import { deliverBatch } from "./support/queues";

function posted(tenant: string, n: number): Message {
  return createMessage(
    "social.posted",
    { content_id: `c-${n}`, post_ids: [`p-${n}`] },
    { tenant_id: tenant, source: "social" },
  );
}

/** SQLite's own count of rows inserted, updated or deleted on the object's connection. */
function totalChanges(stub: DurableObjectStub): Promise<number> {
  return runInDurableObject(
    stub,
    (_agent, state) => state.storage.sql.exec<{ n: number }>("SELECT total_changes() AS n").one().n,
  );
}

describe("the billable-operation meter", () => {
  it("counts every row an agent call writes, as SQLite itself counts them", async () => {
    // Given a tenant whose agent is awake and has filed an event this week (so this
    // week's dedup partition exists)
    const tenant = await createTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await stub.applyEvents([posted(tenant, 99)] as Message[]);
    const before = await totalChanges(stub);

    // When ten new events and two copies of them arrive in one call
    const events = Array.from({ length: 10 }, (_, i) => posted(tenant, i));
    const result = await stub.applyEvents([...events, events[0], events[1]] as Message[], {
      totalsReported: true,
    });

    // Then the meter holds SQLite's count of changed rows (the meter's own read of them
    // included); the ids' later prune drops their partition, which writes no rows
    const changed = (await totalChanges(stub)) - before;
    expect(result.outcomes.filter((o) => o.status === "applied")).toHaveLength(10);
    expect(result.usage.rows_written).toBe(changed);
    // ten dedup rows and one log row for the call, which carries the traffic totals
    expect(changed).toBe(11);
  });

  it("writes one row besides the dedup rows for a call of 20 new events", async () => {
    // Given a tenant whose agent is awake, with this week's dedup partition
    const tenant = uniqueTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await stub.applyEvents([posted(tenant, 99)] as Message[]);
    const before = await totalChanges(stub);

    // When twenty new events arrive in one call
    const events = Array.from({ length: 20 }, (_, i) => posted(tenant, i));
    const result = await stub.applyEvents(events as Message[], { totalsReported: true });

    // Then it writes their twenty dedup rows and the call's log row, totals on it
    expect(result.totals).toEqual({ applied: 21, duplicates: 0 });
    expect((await totalChanges(stub)) - before).toBe(21);
  });

  it("writes one row for a call of duplicates alone", async () => {
    // Given a tenant that has applied three events
    const tenant = uniqueTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    const events = [1, 2, 3].map((n) => posted(tenant, n));
    await stub.applyEvents(events as Message[]);
    const before = await totalChanges(stub);

    // When all three are delivered again
    const result = await stub.applyEvents(events as Message[], { totalsReported: true });

    // Then nothing is logged and the totals take one row
    expect(result.outcomes.every((o) => o.status === "duplicate")).toBe(true);
    expect(result.totals).toEqual({ applied: 3, duplicates: 3 });
    expect((await totalChanges(stub)) - before).toBe(1);
  });

  it("charges each tenant with its own agent's operations, shown on the tenant", async () => {
    // Given two tenants
    const busy = await createTenant();
    const quiet = await createTenant();

    // When the fan-out delivers five events to one and one to the other
    await deliverBatch("events", [
      { switchboard_bundle: 1, messages: [0, 1, 2, 3, 4].map((n) => posted(busy, n)) },
      posted(quiet, 9),
    ]);

    // Then each tenant's page shows the cost of its own calls
    type Body = { cost: { operations: { sqlite_rows_written: number }; usd_total: number } };
    const read = async (id: string) =>
      ((await (await api(`/api/tenants/${id}`)).json()) as Body).cost;
    const [b, q] = [await read(busy), await read(quiet)];
    expect(b.operations.sqlite_rows_written).toBeGreaterThan(q.operations.sqlite_rows_written);
    expect(b.usd_total).toBeGreaterThan(0);
  });
});
