import { Hono } from "hono";
import { z } from "zod";
import { priceTenant } from "../../../agents/ops/prices";
import { TenantId } from "../../../events";
import { Strategy } from "../../../events/strategy";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { ProblemError, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent, tenantAgent } from "../../agent-stubs";
import { access, OPERATOR, OWN_TENANT } from "../../auth/access";
import { rememberTenant } from "../../routing/tenant-registry";
import { cursorParam, encodeCursor } from "../cursor";
import { strategyRoutes } from "./strategy";
import { tenantBudgetRoutes } from "./tenant-budget";
import { tenantOutboxRoutes } from "./tenant-outbox";
import { tenantPauseRoutes } from "./tenant-pause";
import { tenantReadRoutes } from "./tenant-reads";
import { tenantRunRoutes } from "./tenant-runs";

// Control characters and bidirectional overrides can hide or reorder what an operator
// reads on the dashboard; a brand name never needs them.
const UNSAFE_TEXT = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/u;

export const NewTenant = z.strictObject({
  id: TenantId,
  name: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .refine((name) => !UNSAFE_TEXT.test(name), "name must not contain control characters"),
  /** The tenant's first strategy; the defaults when left out. */
  strategy: Strategy.optional(),
});

/** `GET /api/tenants`: a page of tenants by id, searched by id or name, filtered by status. */
export const TenantsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200),
  /** The previous page's `next_cursor`. */
  cursor: cursorParam(z.tuple([TenantId])).optional(),
  /** A piece of the tenant's id or name, any case. */
  q: z.string().trim().min(1).max(200).optional(),
  status: z.enum(["active", "paused", "archived"]).optional(),
});

export const tenantRoutes = new Hono<{ Bindings: Env }>()
  /** A page of tenants; `next_cursor` asks for the next one, null on the last. */
  .get("/", access(OPERATOR), async (c) => {
    const { limit, cursor, q, status } = parseQuery(c, TenantsQuery);
    const ops = await opsAgent(c.env);
    const found = await ops.listTenantsWithSpend({
      limit: limit + 1,
      ...(cursor ? { after: cursor[0] } : {}),
      ...(q ? { q } : {}),
      ...(status ? { status } : {}),
    });
    const tenants = found.slice(0, limit);
    const last = tenants.at(-1);
    return c.json({
      tenants,
      next_cursor: found.length > limit && last ? encodeCursor([last.id]) : null,
    });
  })
  .post("/", access(OPERATOR), async (c) => {
    const parsed = NewTenant.safeParse(await readJsonBody(c, 16 * 1024));
    if (!parsed.success)
      throw unprocessable("The tenant is not valid.", toFieldErrors(parsed.error));
    const ops = await opsAgent(c.env);
    const { created, tenant } = await ops.createTenant({
      id: parsed.data.id,
      name: parsed.data.name,
    });
    if (!created) {
      throw new ProblemError(
        409,
        "conflict",
        "Conflict",
        `A tenant with id ${tenant.id} already exists.`,
      );
    }
    rememberTenant(tenant.id);
    // The agent takes its first strategy and cron schedule now, so its cycles run from
    // creation. Were this to fail, the platform sweep finishes the setup later.
    const agent = await tenantAgent(c.env, tenant.id);
    const setup = await agent.setUp(parsed.data.strategy, c.get("auth").caller.subject);
    const strategy = setup.ok ? { version: setup.version, strategy: setup.strategy } : null;
    return c.json({ tenant, strategy }, 201, { location: `/api/tenants/${tenant.id}` });
  })
  .get("/:id", access(OWN_TENANT), async (c) => {
    const id = TenantId.safeParse(c.req.param("id"));
    const ops = await opsAgent(c.env);
    const tenant = id.success ? await ops.getTenant(id.data) : null;
    if (!tenant)
      throw new ProblemError(404, "not-found", "Not found", `No tenant ${c.req.param("id")}.`);
    const agent = await tenantAgent(c.env, tenant.id);
    const [state, strategy, budget] = await Promise.all([
      agent.getTenantState(),
      agent.getStrategy(),
      ops.tenantBudget(tenant.id),
    ]);
    // The tenant's share of the meter, as the consumers reported its agent's calls.
    const usage = tenant.summary?.usage;
    const cost = usage ? priceTenant(usage, tenant.summary?.applied ?? 0) : null;
    return c.json({ tenant, state, strategy, cost, budget });
  })
  .route("/:id/strategy", strategyRoutes)
  .route("/:id/budget", tenantBudgetRoutes)
  .route("/:id", tenantRunRoutes)
  .route("/:id", tenantReadRoutes)
  .route("/:id", tenantOutboxRoutes)
  .route("/:id", tenantPauseRoutes);
