import { Hono } from "hono";
import { tenantAgent } from "../../agent-stubs";
import { registeredTenant } from "../tenant-param";

/**
 * `GET /api/tenants/:id/outbox` (operators): what the tenant's agent has not sent or
 * started yet — unsent outbox rows (how many, the oldest, the last send error) and runs
 * decided but not started. Both are 0 once the agent has caught up.
 */
export const tenantOutboxRoutes = new Hono<{ Bindings: Env }>().get("/outbox", async (c) => {
  const tenant = await registeredTenant(c);
  const agent = await tenantAgent(c.env, tenant.id);
  return c.json(await agent.pendingWork());
});
