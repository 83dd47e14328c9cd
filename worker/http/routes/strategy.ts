import { Hono } from "hono";
import { z } from "zod";
import { PreviewQuery } from "../../../events";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { ProblemError, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { tenantAgent } from "../../agent-stubs";
import { access, OWN_TENANT } from "../../auth/access";
import { rateLimitTenantAction } from "../../auth/rate-limit";
import { registeredTenant } from "../tenant-param";

const Rollback = z.strictObject({ version: z.number().int().positive() });
export const VersionsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(100),
  /** Versions older than this one (the previous page's `next_before`). */
  before: z.coerce.number().int().min(1).optional(),
});
const STRATEGY_BODY_LIMIT = 16 * 1024;

/** `/api/tenants/:id/strategy`: the tenant's strategy, its preview, its history and rollback. */
export const strategyRoutes = new Hono<{ Bindings: Env }>()
  .get("/", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json(await agent.getStrategy());
  })
  /** Replaces the strategy: the body is the strategy itself; left-out fields take their defaults. */
  .put("/", access(OWN_TENANT), rateLimitTenantAction("strategy"), async (c) => {
    const tenant = await registeredTenant(c);
    const body = await readJsonBody(c, STRATEGY_BODY_LIMIT);
    const agent = await tenantAgent(c.env, tenant.id);
    const change = await agent.setStrategy(body, "updated", c.get("auth").caller.subject);
    if (!change.ok)
      throw unprocessable("The strategy is not valid; nothing was changed.", change.errors);
    return c.json({ version: change.version, strategy: change.strategy });
  })
  /**
   * What a draft (the body, read as PUT reads it) would keep and drop now and over the
   * past `?days=` of research, beside the strategy in force. Changes nothing.
   */
  .post("/preview", access(OWN_TENANT), rateLimitTenantAction("strategy-preview"), async (c) => {
    const tenant = await registeredTenant(c);
    const { days } = parseQuery(c, PreviewQuery);
    const body = await readJsonBody(c, STRATEGY_BODY_LIMIT);
    const agent = await tenantAgent(c.env, tenant.id);
    const answer = await agent.previewStrategy(body, { days, now: Date.now() });
    if (!answer.ok)
      throw unprocessable("The draft strategy is not valid; nothing was previewed.", answer.errors);
    return c.json(answer.preview);
  })
  /** The versions, newest first, a page at a time (`next_before`, null on the last page). */
  .get("/versions", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    const { limit, before } = parseQuery(c, VersionsQuery);
    const agent = await tenantAgent(c.env, tenant.id);
    const found = await agent.listStrategyVersions(limit + 1, before ?? null);
    const versions = found.slice(0, limit);
    const last = versions.at(-1);
    return c.json({ versions, next_before: found.length > limit && last ? last.version : null });
  })
  /** Makes a new version equal to an old one. */
  .post("/rollback", access(OWN_TENANT), rateLimitTenantAction("strategy"), async (c) => {
    const tenant = await registeredTenant(c);
    const parsed = Rollback.safeParse(await readJsonBody(c, STRATEGY_BODY_LIMIT));
    if (!parsed.success)
      throw unprocessable("The rollback is not valid.", toFieldErrors(parsed.error));
    const agent = await tenantAgent(c.env, tenant.id);
    const change = await agent.rollbackStrategy(parsed.data.version, c.get("auth").caller.subject);
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
