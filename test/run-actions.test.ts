import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import { api, eventually } from "./support/api";
import { loggedEvents } from "./support/content";
import { createTenantWithStrategy, runCycle, trace } from "./support/tenant";

type Run = { run_id: string; status: string; step: string | null; error: string | null };

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

/** A tenant whose one article waits for approval; returns the tenant, its chain and run. */
async function runAwaitingApproval(): Promise<{ tenant: string; chain: string; run: Run }> {
  const tenant = await createTenantWithStrategy({
    seed_keywords: ["winter tyres"],
    max_difficulty: 100,
    min_volume: 0,
    require_approval: true,
  });
  const chain = await runCycle(tenant);
  const [run] = await eventually(
    () => runs(tenant),
    (list) => list[0]?.step === "wait for approval",
    20_000,
  );
  if (!run) throw new Error("no run");
  return { tenant, chain, run };
}

function act(tenant: string, runId: string, action: string, body?: unknown) {
  return api(`/api/tenants/${tenant}/runs/${runId}/${action}`, {
    method: "POST",
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
}

async function publishedCount(tenant: string): Promise<number> {
  const body = (await (await api(`/api/tenants/${tenant}`)).json()) as {
    state: { counts: { articles_published: number } };
  };
  return body.state.counts.articles_published;
}

describe("acting on a content run", () => {
  it("publishes an approved article, with the approval among the decision's reasons", async () => {
    const { tenant, chain, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "approve", { reason: "reads well" });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ run_id: run.run_id, action: "approve" });
    await eventually(
      () => publishedCount(tenant),
      (n) => n === 1,
      20_000,
    );
    const entries = await trace(tenant, chain);
    const decision = entries.find((e) => e.kind === "decision" && e.parent === run.run_id);
    expect(decision?.reasons?.map((r) => r.text)).toContain("approved: reads well");
  });

  it("ends a rejected run with the reviewer's reason and publishes nothing", async () => {
    const { tenant, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "reject", { reason: "off brand" });

    expect(response.status).toBe(200);
    const [ended] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status === "errored",
      20_000,
    );
    expect(ended?.error).toMatch(/rejected: off brand/);
    const failed = await eventually(
      () => loggedEvents(tenant, "workflow.failed"),
      (events) => events.length > 0,
    );
    expect(failed[0]?.payload).toMatchObject({
      step: "wait for approval",
      reason: "rejected: off brand",
    });
    expect(await publishedCount(tenant)).toBe(0);
  });

  it("cancels a run: it ends terminated and counts as failed", async () => {
    const { tenant, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "cancel");

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ action: "cancel", status: "terminated" });
    const [cancelled] = await runs(tenant);
    expect(cancelled).toMatchObject({
      status: "terminated",
      error: "cancelled: cancelled over the API",
    });
    const instance = await env.CONTENT_WORKFLOW.get(run.run_id);
    expect((await instance.status()).status).toBe("terminated");
  });

  it("refuses what cannot be done: 409 for a finished run, 404 for an unknown one", async () => {
    const { tenant, run } = await runAwaitingApproval();
    await act(tenant, run.run_id, "cancel");

    const again = await act(tenant, run.run_id, "approve");
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
    expect((await act(tenant, "no-such-run", "approve")).status).toBe(404);
    expect((await act(tenant, run.run_id, "publish")).status).toBe(404);
  });

  it("answers 422 for a bad body and changes nothing", async () => {
    const { tenant, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "approve", { reason: "", extra: 1 });

    expect(response.status).toBe(422);
    const [still] = await runs(tenant);
    expect(still?.step).toBe("wait for approval");
  });
});

describe("a run's progress", () => {
  it("ignores a report replayed from an earlier step", async () => {
    const { tenant, run } = await runAwaitingApproval();
    const agent = await getAgentByName(env.TENANT_AGENT, tenant);

    // A replaying workflow reports its first step again.
    await runInDurableObject(agent, (a) =>
      a.onWorkflowProgress("CONTENT_WORKFLOW", run.run_id, {
        seq: 1,
        step: "fetch research",
        status: "running",
        percent: 0,
      }),
    );

    const [after] = await runs(tenant);
    expect(after?.step).toBe("wait for approval");
  });
});
