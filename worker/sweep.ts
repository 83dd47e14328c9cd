import { log } from "../platform/log";
import { opsAgent, tenantAgent } from "./agent-stubs";

/** Tenants visited per cron tick; the sweep resumes where it stopped on the next tick. */
export const SWEEP_PAGE_SIZE = 50;

/**
 * The platform cron's sweep: one call per tenant (`sweep()`) runs a cycle its own
 * schedule missed, heals the schedule, flushes the outbox, starts pending runs and
 * prunes old rows. It visits a page of tenants per tick (the OpsAgent keeps the cursor),
 * so one tick costs the same with 10 tenants or 100,000: each tenant is visited every
 * ceil(tenants / page) minutes. A tenant that fails is logged and visited next round.
 */
export async function sweepTenants(
  env: Env,
): Promise<{ visited: number; pruned: number; overdue_cycles: number; failed: number }> {
  const ops = await opsAgent(env);
  const page = await ops.nextSweepPage(SWEEP_PAGE_SIZE);
  const results = await Promise.allSettled(
    page.map(async (id) => {
      const agent = await tenantAgent(env, id);
      return agent.sweep();
    }),
  );
  let pruned = 0;
  let overdue = 0;
  let failed = 0;
  results.forEach((result, i) => {
    if (result.status === "fulfilled") {
      pruned += result.value.pruned;
      if (result.value.overdue_cycle) overdue++;
    } else {
      failed++;
      log({
        level: "warn",
        msg: "sweep of tenant failed",
        tenant: page[i],
        error: String(result.reason),
      });
    }
  });
  return { visited: page.length, pruned, overdue_cycles: overdue, failed };
}
