import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";
import { createTenantWithStrategy, researchDecided, runCycle, trace } from "./support/tenant";

type Run = {
  run_id: string;
  keyword: string;
  status: string;
  step: string | null;
  percent: number | null;
  workflow_status: string | null;
  steps: { step: string; status: string }[];
};

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

/** A tenant whose cycle starts one content run. */
async function tenantWithOneRun(): Promise<{ tenant: string; chain: string }> {
  const tenant = await createTenantWithStrategy({
    seed_keywords: ["budget apps", "crypto tax"],
    max_difficulty: 100,
    min_volume: 0,
    max_articles_per_cycle: 1,
  });
  const chain = await runCycle(tenant);
  await researchDecided(tenant, chain);
  return { tenant, chain };
}

describe("content runs", () => {
  it("are started as real workflows and reported complete when the workflow ends", async () => {
    const { tenant } = await tenantWithOneRun();
    const [run] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status === "complete",
    );
    expect(run?.workflow_status).toBe("complete");
    expect(run?.percent).toBe(1);
    const state = (await (await api(`/api/tenants/${tenant}`)).json()) as {
      state: { counts: { runs_started: number; runs_completed: number; runs_active: number } };
    };
    expect(state.state.counts).toMatchObject({
      runs_started: 1,
      runs_completed: 1,
      runs_active: 0,
    });
  });

  it("show the step and progress a workflow reports, in the state and the run list", async () => {
    // Given a run the agent tracks
    const tenant = await createTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await runInDurableObject(stub, (_agent, state) => {
      const now = new Date().toISOString();
      state.storage.sql.exec(
        `INSERT INTO runs (run_id, content_id, keyword, keyword_key, correlation_id, decision_id, params, status, requested_at, updated_at)
         VALUES ('run-1', 'run-1', 'budget apps', 'budget apps', 'chain-1', 'd-1', '{}', 'started', ?, ?)`,
        now,
        now,
      );
    });

    // When the workflow reports progress (twice, as a replay would)
    await runInDurableObject(stub, async (agent) => {
      await agent.onWorkflowProgress("CONTENT_WORKFLOW", "run-1", {
        step: "draft article",
        percent: 0.5,
      });
      await agent.onWorkflowProgress("CONTENT_WORKFLOW", "run-1", {
        step: "draft article",
        percent: 0.5,
      });
    });

    // Then the dashboard's state and the run list show it, once
    const state = await stub.getTenantState();
    expect(state.active_runs).toEqual([
      expect.objectContaining({
        run_id: "run-1",
        status: "running",
        step: "draft article",
        percent: 0.5,
      }),
    ]);
    const [run] = await runs(tenant);
    expect(run?.steps).toEqual([
      expect.objectContaining({ step: "draft article", status: "running" }),
    ]);
  });

  it("record a failure the workflow reports, as the tenant's last error", async () => {
    const tenant = await createTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await runInDurableObject(stub, async (agent, state) => {
      const now = new Date().toISOString();
      state.storage.sql.exec(
        `INSERT INTO runs (run_id, content_id, keyword, keyword_key, correlation_id, decision_id, params, status, requested_at, updated_at)
         VALUES ('run-2', 'run-2', 'k', 'k', 'chain-2', 'd-2', '{}', 'started', ?, ?)`,
        now,
        now,
      );
      await agent.onWorkflowError("CONTENT_WORKFLOW", "run-2", "provider refused");
    });
    const state = await stub.getTenantState();
    expect(state.counts.runs_failed).toBe(1);
    expect(state.last_error?.message).toBe("run run-2 failed: provider refused");
  });

  it("answers 404 for the runs of a tenant that does not exist", async () => {
    expect((await api(`/api/tenants/${uniqueTenant("none")}/runs`)).status).toBe(404);
  });
});

describe("GET /api/trace/:correlation_id", () => {
  it("lists the chain in causal order, each entry after its cause", async () => {
    const { tenant, chain } = await tenantWithOneRun();
    const entries = await trace(tenant, chain);
    const position = new Map(entries.map((e, i) => [e.id, i]));
    for (const entry of entries) {
      if (entry.parent && position.has(entry.parent))
        expect(position.get(entry.parent) ?? -1).toBeLessThan(position.get(entry.id) ?? -1);
    }
    expect(entries[0]).toMatchObject({ kind: "message", type: "cycle.requested", depth: 0 });
  });

  it("needs the tenant, and answers 404 for a chain the tenant does not have", async () => {
    const tenant = await createTenant();
    expect((await api("/api/trace/abc")).status).toBe(400);
    expect((await api(`/api/trace/abc?tenant=${tenant}`)).status).toBe(404);
    expect((await api(`/api/trace/abc?tenant=${uniqueTenant("none")}`)).status).toBe(404);
  });
});

describe("GET /api/tenants/:id", () => {
  it("returns the tenant with its agent's state and strategy", async () => {
    const tenant = await createTenant();
    const body = (await (await api(`/api/tenants/${tenant}`)).json()) as {
      tenant: { id: string };
      state: { tenant_id: string; strategy_version: number; cycle_cron: string; applied: number };
      strategy: { version: number };
    };
    expect(body.tenant.id).toBe(tenant);
    expect(body.state).toMatchObject({ strategy_version: 1, cycle_cron: "0 6 * * *", applied: 0 });
    expect(body.strategy.version).toBe(1);
  });
});
