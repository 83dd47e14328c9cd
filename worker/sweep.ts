import { opsAgent, tenantAgent } from "./agent-stubs";

/** Tenants visited per cron tick; the sweep resumes where it stopped on the next tick. */
export const SWEEP_PAGE_SIZE = 50;

/**
 * The platform cron's sweep: flushes each tenant's outbox and prunes old rows. It visits a page of tenants per tick (the OpsAgent keeps
 * the cursor), so one tick costs the same with 10 tenants or 100,000: each tenant is
 * visited every ceil(tenants / page) minutes.
 */
export async function sweepTenants(env: Env): Promise<{ visited: number; pruned: number }> {
  const ops = await opsAgent(env);
  const page = await ops.nextSweepPage(SWEEP_PAGE_SIZE);
  const counts = await Promise.all(
    page.map(async (id) => {
      const agent = await tenantAgent(env, id);
      await agent.flushOutbox();
      return agent.prune();
    }),
  );
  return { visited: page.length, pruned: counts.reduce((a, b) => a + b, 0) };
}
