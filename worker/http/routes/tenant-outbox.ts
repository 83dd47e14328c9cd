import { Hono } from "hono";
import { priceTenant } from "../../../agents/ops/prices";
import { tenantAgent } from "../../agent-stubs";
import { access, OPERATOR, OWN_TENANT } from "../../auth/access";
import { decodedEntries } from "../log-entries";
import { registeredTenant } from "../tenant-param";

/**
 * `GET /api/tenants/:id/outbox` (operators): what the tenant's agent has not sent or
 * started yet — unsent outbox rows (how many, the oldest, the last send error) and runs
 * decided but not started. Both are 0 once the agent has caught up.
 */
export const tenantOutboxRoutes = new Hono<{ Bindings: Env }>()
  .get("/outbox", access(OPERATOR), async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json(await agent.pendingWork());
  })
  /**
   * `GET /api/tenants/:id/inspect` (operators; that tenant): the agent inspector — its
   * state, inbox (newest applied events), outbox (what it has not sent or started),
   * schedules (next fire), runs, strategy, and its cost as the consumers metered it.
   */
  .get("/inspect", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    const inspection = await agent.inspect();
    const usage = tenant.summary?.usage;
    const cost = usage ? priceTenant(usage, tenant.summary?.applied ?? 0) : null;
    return c.json({
      tenant,
      ...inspection,
      inbox: decodedEntries(inspection.inbox),
      cost,
    });
  });
