import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { emptyMeter } from "../events/batch-report";
import { api, eventually, uniqueTenant } from "./support/api";
import { mintToken } from "./support/auth";
import { createTenantWithStrategy, runCycle } from "./support/tenant";

type Status = {
  month: string;
  spent_usd: number;
  forecast_usd: number;
  budget: { monthly_usd: number; pause_runs: boolean; updated_by: string | null } | null;
  percent: number | null;
  level: 0 | 80 | 100;
  runs_held: boolean;
};
type Run = { run_id: string; status: string; waiting: { reason: string; text: string } | null };

/**
 * An OpsAgent of the test's own, with the tenant registered: the platform's own OpsAgent
 * gets every other test's metrics flushes, stamped with the wall clock, while these
 * figures are judged at an injected time.
 */
async function scratchWith(tenant: string) {
  const ops = env.OPS_AGENT.getByName(`budgets-${crypto.randomUUID()}`);
  await ops.createTenant({ id: tenant, name: `Tenant ${tenant}` });
  return ops;
}
type Ops = Awaited<ReturnType<typeof scratchWith>>;
// Every figure below is judged at this time (the clock is injected): mid-March 2030.
const T = Date.UTC(2030, 2, 16, 12);
const APRIL = Date.UTC(2030, 3, 1, 0, 30);

/** The consumers report that the tenant's agent wrote `rows` SQLite rows ($1 per million). */
async function agentWrote(ops: Ops, tenant: string, rows: number, at = T): Promise<void> {
  await ops.recordMetrics(
    {
      reports: [],
      meter: emptyMeter(),
      tenants: [
        {
          tenant_id: tenant,
          applied: 0,
          duplicates: 0,
          usage: { do_requests: 0, sqlite_rows_read: 0, sqlite_rows_written: rows },
        },
      ],
    },
    at,
  );
}

async function budgetOf(ops: Ops, tenant: string): Promise<Status> {
  return ops.tenantBudget(tenant, T);
}

function putBudget(tenant: string, body: unknown, headers: Record<string, string> = {}) {
  return api(`/api/tenants/${tenant}/budget`, {
    method: "PUT",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

describe("a tenant's monthly budget", () => {
  it("shows this month's spend and forecast, and the share of the budget", async () => {
    // given a tenant whose agent cost $0.50 by mid-month, and a $2 budget
    const tenant = await createTenantWithStrategy({ seed_keywords: [] });
    const ops = await scratchWith(tenant);
    await agentWrote(ops, tenant, 500_000);
    await ops.setTenantBudget(tenant, { monthly_usd: 2, pause_runs: false }, "op", T);

    // then the tenant's page and the overview say where it stands
    expect(await budgetOf(ops, tenant)).toMatchObject({
      month: "2030-03",
      spent_usd: 0.5,
      forecast_usd: 1,
      budget: { monthly_usd: 2, pause_runs: false, updated_by: "op" },
      percent: 25,
      level: 0,
      runs_held: false,
    });
    const list = await ops.listTenantsWithSpend({}, T);
    expect(list.find((t) => t.id === tenant)?.spend).toMatchObject({ spent_usd: 0.5, percent: 25 });
  });

  it("says so in the activity feed at 80 % and at 100 %, once each", async () => {
    const tenant = await createTenantWithStrategy({ seed_keywords: [] });
    const ops = await scratchWith(tenant);
    await ops.setTenantBudget(tenant, { monthly_usd: 1, pause_runs: false }, "op", T);

    // when the spend passes 80 %, then 100 %, and grows further
    await agentWrote(ops, tenant, 850_000);
    await agentWrote(ops, tenant, 200_000);
    await agentWrote(ops, tenant, 100_000);

    // then the feed has one line for each threshold, in order
    const feed = await ops.listActivity();
    const lines = feed.filter((i) => i.tenant_id === tenant && i.kind === "budget");
    expect(lines.map((l) => l.text).reverse()).toEqual([
      expect.stringMatching(/^80 % of the budget spent: \$0\.8500 of the \$1 budget for 2030-03/),
      expect.stringMatching(/^Budget reached: \$1\.0500 of the \$1 budget/),
    ]);
    expect((await budgetOf(ops, tenant)).level).toBe(100);
  });

  it("holds new runs with the reason once spent, and starts them when the budget is raised", async () => {
    // given a tenant that spent its $1 budget, with pause_runs
    const tenant = await createTenantWithStrategy({
      seed_keywords: ["garden tools"],
      max_difficulty: 100,
      min_volume: 0,
    });
    const ops = await scratchWith(tenant);
    await agentWrote(ops, tenant, 1_000_000);
    await ops.setTenantBudget(tenant, { monthly_usd: 1, pause_runs: true }, "op", T);
    expect(await budgetOf(ops, tenant)).toMatchObject({ level: 100, runs_held: true });

    // when a cycle decides to write an article
    await runCycle(tenant);

    // then the run waits, saying why
    const [held] = await eventually(
      () => runs(tenant),
      (list) => list.length > 0,
      20_000,
    );
    expect(held?.status).toBe("requested");
    expect(held?.waiting).toMatchObject({ reason: "budget" });
    expect(held?.waiting?.text).toMatch(/^Budget reached: .*new runs are held/);

    // when the budget is raised, then the run starts
    await ops.setTenantBudget(tenant, { monthly_usd: 5, pause_runs: true }, "op", T);
    const [started] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status !== "requested",
      20_000,
    );
    expect(started?.waiting).toBeNull();
  });

  it("starts a new month with nothing spent and releases held runs", async () => {
    const tenant = await createTenantWithStrategy({ seed_keywords: [] });
    const ops = await scratchWith(tenant);
    await agentWrote(ops, tenant, 2_000_000);
    await ops.setTenantBudget(tenant, { monthly_usd: 1, pause_runs: true }, "op", T);
    expect((await budgetOf(ops, tenant)).runs_held).toBe(true);
    // the pending usage is folded into March before April's check
    await agentWrote(ops, tenant, 0, T + 120_000);

    // when the hourly check runs in April
    await ops.checkBudgets(undefined, APRIL);

    // then April starts at zero and the hold is gone
    expect(await ops.tenantBudget(tenant, APRIL)).toMatchObject({
      month: "2030-04",
      spent_usd: 0,
      level: 0,
      runs_held: false,
    });
  });

  it("is set over HTTP by the operator or the tenant itself, and refuses bad input", async () => {
    const tenant = await createTenantWithStrategy({ seed_keywords: [] });

    const set = await putBudget(tenant, { monthly_usd: 25, pause_runs: true });
    expect(set.status).toBe(200);
    expect(await set.json()).toMatchObject({ budget: { monthly_usd: 25, pause_runs: true } });

    const own = await mintToken({ role: "tenant", tenant, subject: "brand-owner" });
    const byTenant = await putBudget(
      tenant,
      { monthly_usd: 30 },
      { authorization: `Bearer ${own}` },
    );
    expect(await byTenant.json()).toMatchObject({
      budget: { monthly_usd: 30, pause_runs: false, updated_by: "brand-owner" },
    });

    const other = await mintToken({ role: "tenant", tenant: uniqueTenant() });
    const foreign = await putBudget(
      tenant,
      { monthly_usd: 1 },
      { authorization: `Bearer ${other}` },
    );
    expect(foreign.status).toBe(403);

    const bad = await putBudget(tenant, { monthly_usd: -3, pause_runs: "yes" });
    expect(bad.status).toBe(422);
    expect(bad.headers.get("content-type")).toContain("application/problem+json");
    const problem = (await bad.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["monthly_usd", "pause_runs"]);

    const list = (await (await api(`/api/tenants?q=${tenant}`)).json()) as {
      tenants: { id: string; spend: Status }[];
    };
    expect(list.tenants.find((t) => t.id === tenant)?.spend.budget?.monthly_usd).toBe(30);
    const detail = (await (await api(`/api/tenants/${tenant}`)).json()) as { budget: Status };
    expect(detail.budget.budget?.monthly_usd).toBe(30);

    const removed = await api(`/api/tenants/${tenant}/budget`, { method: "DELETE" });
    expect(await removed.json()).toMatchObject({ budget: null, level: 0 });
    expect((await api(`/api/tenants/${uniqueTenant()}/budget`)).status).toBe(404);
  });

  it("fires a budget alert at the threshold, and resolves it when the month turns", async () => {
    // given an OpsAgent of this test's own, a tenant with a $1 budget, and a rule at 80 %
    const scratch = env.OPS_AGENT.getByName(`budget-alerts-${crypto.randomUUID()}`);
    const tenant = uniqueTenant();
    await scratch.createTenant({ id: tenant, name: "Budgeted" });
    await scratch.setTenantBudget(tenant, { monthly_usd: 1, pause_runs: false }, "op", T);
    await scratch.putAlertRule(
      "budget-80",
      { kind: "budget_reached", params: { percent: 80 }, enabled: true, for_seconds: 0 },
      T,
    );

    // when its agent has cost $0.90 this month
    await scratch.recordMetrics(
      {
        reports: [],
        meter: emptyMeter(),
        tenants: [
          {
            tenant_id: tenant,
            applied: 0,
            duplicates: 0,
            usage: { do_requests: 0, sqlite_rows_read: 0, sqlite_rows_written: 900_000 },
          },
        ],
      },
      T,
    );

    // then the rule fires for that tenant, once
    expect(await scratch.evaluateAlerts(undefined, T + 60_000)).toBe(1);
    expect((await scratch.listAlerts()).events[0]).toMatchObject({
      type: "alert.firing",
      tenant_id: tenant,
      summary: `${tenant} reached 80 % of its monthly budget (alert at 80 %)`,
    });
    expect(await scratch.evaluateAlerts(undefined, T + 120_000)).toBe(0);

    // and in April, with nothing spent yet, it resolves
    expect(await scratch.evaluateAlerts(undefined, APRIL)).toBe(1);
    expect((await scratch.listAlerts()).events[0]).toMatchObject({
      type: "alert.resolved",
      tenant_id: tenant,
    });
  });
});
