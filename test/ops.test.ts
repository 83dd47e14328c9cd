import { evictDurableObject, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { FOLD_AFTER_MS, mergeTotals, readSummaries } from "../agents/ops/summaries";
import type { OpsAgent } from "../agents/ops-agent";
import { createMessage } from "../events";
import { emptyMeter } from "../events/batch-report";
import type { TenantTotals } from "../events/ops-state";
import { meterSql } from "../platform/sqlite/sql-meter";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";

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

    // And read a page at a time, the pages hold the same 200 lines, and the last says so
    const seqs: number[] = [];
    let before: number | null = null;
    do {
      const query: string = before === null ? "" : `&before=${before}`;
      const page = (await (await api(`/api/feed?limit=80${query}`)).json()) as {
        items: { seq: number }[];
        next_before: number | null;
      };
      seqs.push(...page.items.map((i) => i.seq));
      before = page.next_before;
    } while (before !== null);
    expect(seqs).toHaveLength(200);
    expect(new Set(seqs).size).toBe(200);
    expect([...seqs].sort((a, b) => b - a)).toEqual(seqs);

    // And narrowed to this tenant and a piece of text, only its matching lines come
    const narrowed = (await (
      await api(`/api/feed?tenant=${tenant}&q=ITEM%2024&limit=200`)
    ).json()) as { items: { tenant_id: string; text: string }[] };
    expect(narrowed.items.map((i) => i.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `item ${249 - i}`),
    );
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

describe("the tenants' totals from the metrics flushes", () => {
  // An OpsAgent of its own per test, so no other flush's pending totals are in the way.
  const scratchOps = () => env.OPS_AGENT.getByName(`totals-${crypto.randomUUID()}`);
  const usage = (n: number) => ({
    do_requests: n,
    sqlite_rows_read: 10 * n,
    sqlite_rows_written: 20 * n,
  });
  const flush = (tenants: TenantTotals[]) => ({ reports: [], meter: emptyMeter(), tenants });
  const pendingRows = (ops: DurableObjectStub<OpsAgent>) =>
    runInDurableObject(
      ops,
      (_agent, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM pending_totals").one().n,
    );

  it("writes one row for a flush that reached 1,000 tenants, and every tenant's figures read back", async () => {
    // Given the totals of 1,000 tenants in one flush
    const totals = Array.from({ length: 1000 }, (_, i) => ({
      tenant_id: uniqueTenant(),
      applied: i + 1,
      duplicates: i % 7,
      usage: usage(i + 1),
    }));

    const { written, changed, read } = await runInDurableObject(scratchOps(), (_agent, state) => {
      // When the flush merges them
      const metered = meterSql(state.storage.sql);
      const changed = state.storage.transactionSync(() =>
        mergeTotals(metered.sql, totals, new Date()),
      );
      const read = readSummaries(
        state.storage.sql,
        totals.map((t) => t.tenant_id),
      );
      return { written: metered.usage().rows_written, changed, read: [...read.values()] };
    });

    // Then one row is written, and each tenant reads back its own figures
    expect(written).toBe(1);
    expect(changed).toBe(1000);
    expect(read.map((s) => [s.applied, s.duplicates, s.usage])).toEqual(
      totals.map((t) => [t.applied, t.duplicates, t.usage]),
    );
  });

  it("shows a flush's figures at once, across a restart and after the fold a minute later", async () => {
    // Given a registered tenant
    const ops = scratchOps();
    const tenant = uniqueTenant();
    await ops.createTenant({ id: tenant, name: "Brand" });
    const t0 = Date.now();
    const figures = async () => {
      const summary = (await ops.getTenant(tenant))?.summary;
      return { applied: summary?.applied, duplicates: summary?.duplicates, usage: summary?.usage };
    };

    // When two flushes report its totals and usage, and the OpsAgent restarts
    await ops.recordMetrics(
      flush([{ tenant_id: tenant, applied: 5, duplicates: 1, usage: usage(1) }]),
      t0,
    );
    expect(await figures()).toEqual({ applied: 5, duplicates: 1, usage: usage(1) });
    await ops.recordMetrics(
      flush([{ tenant_id: tenant, applied: 9, duplicates: 1, usage: usage(2) }]),
      t0 + 1000,
    );
    await evictDurableObject(ops);

    // Then the tenant shows the newest totals and the summed usage, still pending
    expect(await figures()).toEqual({ applied: 9, duplicates: 1, usage: usage(3) });
    expect(await pendingRows(ops)).toBe(1);

    // When a flush comes a minute after the first, and an older flush is retried after it
    await ops.recordMetrics(flush([]), t0 + FOLD_AFTER_MS);
    await ops.recordMetrics(
      flush([{ tenant_id: tenant, applied: 5, duplicates: 1 }]),
      t0 + FOLD_AFTER_MS + 1000,
    );

    // Then the pending totals are folded into the summary, and the figures are unchanged
    expect(await pendingRows(ops)).toBe(0);
    expect(await figures()).toEqual({ applied: 9, duplicates: 1, usage: usage(3) });
  });

  it("tells the dashboards when a flush changes a tenant's figures", async () => {
    // Given a tenant on the dashboards
    const ops = scratchOps();
    const tenant = uniqueTenant();
    await ops.createTenant({ id: tenant, name: "Brand" });
    const version = () =>
      runInDurableObject(ops, (agent: OpsAgent) => agent.state.summaries_version);
    const before = await version();

    // When a flush brings its totals
    await ops.recordMetrics(
      flush([{ tenant_id: tenant, applied: 3, duplicates: 0, usage: usage(1) }]),
    );

    // Then summaries_version moves on, and the list the dashboard reads shows them
    await eventually(version, (v) => v > before);
    const listed = (await ops.listTenants()).find((t) => t.id === tenant);
    expect(listed?.summary).toMatchObject({ applied: 3, usage: usage(1) });
  });

  it("adds pending usage once, even when a fold is cut short", async () => {
    // Given a tenant's usage pending for over a minute
    const ops = scratchOps();
    const tenant = uniqueTenant();
    const t0 = Date.UTC(2030, 0, 15);
    const read = (sql: SqlStorage) => readSummaries(sql, [tenant]).get(tenant);
    const after = await runInDurableObject(ops, (_agent, state) => {
      const { storage } = state;
      storage.transactionSync(() =>
        mergeTotals(
          storage.sql,
          [{ tenant_id: tenant, applied: 4, duplicates: 0, usage: usage(1) }],
          new Date(t0),
        ),
      );

      // When a fold is interrupted (its transaction fails midway), then runs again
      expect(() =>
        storage.transactionSync(() => {
          mergeTotals(storage.sql, [], new Date(t0 + FOLD_AFTER_MS));
          throw new Error("evicted");
        }),
      ).toThrow("evicted");
      const cutShort = read(storage.sql);
      storage.transactionSync(() => mergeTotals(storage.sql, [], new Date(t0 + FOLD_AFTER_MS)));
      return { cutShort, folded: read(storage.sql) };
    });

    // Then the usage counts once, before and after the fold
    expect(after.cutShort).toMatchObject({ applied: 4, usage: usage(1) });
    expect(after.folded).toMatchObject({ applied: 4, usage: usage(1) });
  });

  it("folds at once when the pending totals would pass about a megabyte", async () => {
    // Given a flush that reaches more tenants than a megabyte of pending totals holds
    const totals = Array.from({ length: 8000 }, (_, i) => ({
      tenant_id: uniqueTenant(),
      applied: i + 1,
      duplicates: 0,
      usage: usage(1),
    }));

    const result = await runInDurableObject(scratchOps(), (_agent, state) => {
      // When it is merged
      const { storage } = state;
      storage.transactionSync(() => mergeTotals(storage.sql, totals, new Date()));
      return {
        pending: storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM pending_totals").one()
          .n,
        stored: storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tenant_summaries").one()
          .n,
        last: readSummaries(storage.sql, [totals[7999]?.tenant_id ?? ""])
          .values()
          .next().value,
      };
    });

    // Then every tenant has its summary row and nothing waits
    expect(result).toMatchObject({ pending: 0, stored: 8000, last: { applied: 8000 } });
  });
});
