import { Hono } from "hono";
import { z } from "zod";
import { tenantAgent } from "../../agent-stubs";
import { parseQuery } from "../query";
import { registeredTenant } from "../tenant-param";

const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });
const CycleReason = "requested over the API";

/** `/api/tenants/:id/cycle` and `/api/tenants/:id/runs`: what the tenant's agent does. */
export const tenantRunRoutes = new Hono<{ Bindings: Env }>()
  /** Runs a cycle now; the answer names the chain the trace follows. */
  .post("/cycle", async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    const { correlation_id } = await agent.requestCycle(CycleReason);
    return c.json({ accepted: true, correlation_id }, 202, {
      location: `/api/trace/${correlation_id}?tenant=${tenant.id}`,
    });
  })
  .get("/runs", async (c) => {
    const tenant = await registeredTenant(c);
    const { limit } = parseQuery(c, RunsQuery);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json({ runs: await agent.listRuns(limit) });
  });
