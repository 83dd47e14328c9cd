import { describe, expect, it } from "vitest";
import { api, eventually, postJson } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { createTenantWithStrategy, runCycle } from "./support/tenant";

/** POST /api/runs/bulk: one action on every run a search finds, or a preview of it. */

type Run = { run_id: string; status: string; step: string | null; error: string | null };
type Item = {
  tenant_id: string;
  run_id: string;
  status_before: string;
  outcome: "acted" | "would act" | "refused";
  status_after?: string;
  detail: string;
};
type Bulk = {
  action: string;
  preview: boolean;
  items: Item[];
  totals: { matched: number; acted: number; would_act: number; refused: number };
  truncated: boolean;
  next_cursor: string | null;
};

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

/** A tenant with three runs waiting for approval, the newest of them then cancelled. */
async function threeRunsOneCancelled(): Promise<{ tenant: string; cancelled: string }> {
  const tenant = await createTenantWithStrategy({
    seed_keywords: ["solar panels", "heat pumps", "rain barrels"],
    max_difficulty: 100,
    min_volume: 0,
    max_articles_per_cycle: 3,
    require_approval: true,
  });
  await runCycle(tenant);
  const waiting = await eventually(
    () => runs(tenant),
    (list) => list.length === 3 && list.every((r) => r.step === "wait for approval"),
    30_000,
  );
  const cancelled = waiting[0]?.run_id ?? "";
  const cancel = await api(`/api/tenants/${tenant}/runs/${cancelled}/cancel`, { method: "POST" });
  expect(cancel.status).toBe(200);
  return { tenant, cancelled };
}

async function bulk(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return postJson("/api/runs/bulk", body, headers);
}

describe("acting on runs in bulk", () => {
  it("previews a rejection without changing anything, then rejects only the runs that wait", async () => {
    // Given three runs of a tenant: two wait for approval, one was cancelled
    const { tenant, cancelled } = await threeRunsOneCancelled();
    const subject = `op-bulk-${crypto.randomUUID().slice(0, 8)}`;
    const operator = bearer(await mintToken({ role: "operator", subject }));

    // When the operator previews a rejection of the tenant's runs
    const previewed = await bulk(
      { action: "reject", filter: { tenant }, preview: true, reason: "off brand" },
      operator,
    );

    // Then it says per run which would be rejected and why the cancelled one would not
    expect(previewed.status).toBe(200);
    const preview = (await previewed.json()) as Bulk;
    expect(preview).toMatchObject({
      action: "reject",
      preview: true,
      totals: { matched: 3, acted: 0, would_act: 2, refused: 1 },
      truncated: false,
      next_cursor: null,
    });
    const refused = preview.items.find((i) => i.run_id === cancelled);
    expect(refused).toMatchObject({ tenant_id: tenant, outcome: "refused" });
    expect(refused?.detail).toContain("was already cancelled");
    expect(
      preview.items.filter((i) => i.outcome === "would act").map((i) => i.status_before),
    ).toEqual(["waiting for approval", "waiting for approval"]);
    // and nothing changed
    const after = await runs(tenant);
    expect(
      after.filter((r) => r.step === "wait for approval" && r.status !== "terminated"),
    ).toHaveLength(2);

    // When the operator applies it
    const applied = await bulk(
      { action: "reject", filter: { tenant }, reason: "off brand" },
      operator,
    );

    // Then the two waiting runs are rejected, each with its outcome, and the cancelled one refused
    expect(applied.status).toBe(200);
    const result = (await applied.json()) as Bulk;
    expect(result.totals).toEqual({ matched: 3, acted: 2, would_act: 0, refused: 1 });
    for (const item of result.items.filter((i) => i.outcome === "acted")) {
      expect(item).toMatchObject({
        status_before: "waiting for approval",
        status_after: "errored",
      });
    }
    expect(result.items.find((i) => i.run_id === cancelled)?.outcome).toBe("refused");
    const ended = await runs(tenant);
    expect(ended.filter((r) => r.error?.startsWith("rejected: off brand"))).toHaveLength(2);

    // And the audit log has the action under its bulk name, and no line for the preview
    const { entries } = (await (await api(`/api/audit?actor=${subject}`)).json()) as {
      entries: { action: string; status: number }[];
    };
    expect(entries).toEqual([expect.objectContaining({ action: "run.bulk.reject", status: 200 })]);

    // And a second pass finds nothing left to act on
    const again = (await (
      await bulk({ action: "reject", filter: { tenant, status: "waiting for approval" } })
    ).json()) as Bulk;
    expect(again.totals.matched).toBe(0);
  });

  it("previews a retry per run, and says when more runs matched than the limit", async () => {
    // Given a tenant whose three runs wait, one of them cancelled
    const { tenant, cancelled } = await threeRunsOneCancelled();

    // When a retry of its runs is previewed, one run at a time
    const first = (await (
      await bulk({ action: "retry", filter: { tenant }, preview: true, limit: 1 })
    ).json()) as Bulk;

    // Then the newest run (the cancelled one) would be retried, and the rest follow
    expect(first.items).toEqual([
      expect.objectContaining({
        run_id: cancelled,
        outcome: "would act",
        status_before: "terminated",
      }),
    ]);
    expect(first.truncated).toBe(true);
    const second = (await (
      await bulk({
        action: "retry",
        filter: { tenant },
        preview: true,
        limit: 5,
        cursor: first.next_cursor,
      })
    ).json()) as Bulk;
    expect(second.items.map((i) => i.outcome)).toEqual(["refused", "refused"]);
    expect(second.items[0]?.detail).toContain("can be retried");
    expect(second.truncated).toBe(false);
  });

  it("refuses a bad action, limit or tenant, and a tenant's token", async () => {
    const bad = await bulk({ action: "delete", filter: {} });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe("action");
    expect((await bulk({ action: "cancel", limit: 201 })).status).toBe(422);
    const nobody = await bulk({ action: "cancel", filter: { tenant: "nobody-here" } });
    expect(nobody.status).toBe(400);
    expect(((await nobody.json()) as { errors: { path: string }[] }).errors[0]?.path).toBe(
      "filter.tenant",
    );
    const token = await mintToken({ role: "tenant", tenant: "acme" });
    expect((await bulk({ action: "cancel" }, bearer(token))).status).toBe(403);
  });
});
