import { Hono } from "hono";
import { z } from "zod";
import { tenantAgent } from "../../agent-stubs";
import { rateLimitTenantAction } from "../../auth/rate-limit";
import { toFieldErrors } from "../field-errors";
import { readJsonBody } from "../json-body";
import { ProblemError, unprocessable } from "../problem";
import { registeredTenant } from "../tenant-param";

const Rollback = z.strictObject({ version: z.number().int().positive() });
const STRATEGY_BODY_LIMIT = 16 * 1024;

/** `/api/tenants/:id/strategy`: the tenant's strategy, its history and rollback. */
export const strategyRoutes = new Hono<{ Bindings: Env }>()
  .get("/", async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json(await agent.getStrategy());
  })
  /** Replaces the strategy: the body is the strategy itself; left-out fields take their defaults. */
  .put("/", rateLimitTenantAction("strategy"), async (c) => {
    const tenant = await registeredTenant(c);
    const body = await readJsonBody(c, STRATEGY_BODY_LIMIT);
    const agent = await tenantAgent(c.env, tenant.id);
    const change = await agent.setStrategy(body);
    if (!change.ok)
      throw unprocessable("The strategy is not valid; nothing was changed.", change.errors);
    return c.json({ version: change.version, strategy: change.strategy });
  })
  .get("/versions", async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json({ versions: await agent.listStrategyVersions() });
  })
  /** Makes a new version equal to an old one. */
  .post("/rollback", rateLimitTenantAction("strategy"), async (c) => {
    const tenant = await registeredTenant(c);
    const parsed = Rollback.safeParse(await readJsonBody(c, STRATEGY_BODY_LIMIT));
    if (!parsed.success)
      throw unprocessable("The rollback is not valid.", toFieldErrors(parsed.error));
    const agent = await tenantAgent(c.env, tenant.id);
    const change = await agent.rollbackStrategy(parsed.data.version);
    if (!change)
      throw new ProblemError(
        404,
        "not-found",
        "Not found",
        `Tenant ${tenant.id} has no strategy version ${parsed.data.version}.`,
      );
    if (!change.ok)
      throw unprocessable("That version is no longer a valid strategy.", change.errors);
    return c.json({ version: change.version, strategy: change.strategy });
  });
