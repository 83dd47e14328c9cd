import { type Context, Hono } from "hono";
import type { TenantStatus } from "../../../agents/ops/tenant-status";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { ProblemError, unprocessable } from "../../../platform/http/problem";
import { opsAgent, tenantAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";
import { rememberTenantStatus } from "../../routing/tenant-registry";
import { registeredTenant } from "../tenant-param";
import { ActionBody, actionBody } from "./tenant-runs";

/**
 * `POST /api/tenants/:id/{pause,resume,archive}` and `GET /api/tenants/:id/export`
 * (operators; DESIGN §8): hold a tenant's schedules and deliveries (nothing lost),
 * release them in order, archive. The tenant's agent holds its deliveries itself
 * (agents/tenant/pause.ts); the registry keeps the status the lists show and ingest
 * reads (agents/ops/tenant-status.ts). The agent is told first: should the registry
 * call fail, a repeated request finishes it (each side is idempotent).
 */
export const tenantPauseRoutes = new Hono<{ Bindings: Env }>()
  .post("/pause", access(OPERATOR), async (c) => hold(c, "paused"))
  .post("/archive", access(OPERATOR), async (c) => hold(c, "archived"))
  /**
   * Resumes a paused or archived tenant: its schedules come back, held runs start, held
   * deliveries are applied in their order. 409 for a tenant that is not held.
   */
  .post("/resume", access(OPERATOR), async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    const result = await agent.resume();
    if (result.was === null && tenant.status === "active") {
      throw new ProblemError(
        409,
        "conflict",
        "Conflict",
        `Tenant ${tenant.id} is active: there is nothing to resume.`,
      );
    }
    await setStatus(c.env, tenant.id, "active", new Date().toISOString(), null, null);
    return c.json({
      tenant_id: tenant.id,
      status: "active" as const,
      released: result.released,
      remaining: result.remaining,
    });
  })
  /** Every table of the tenant's agent that holds its data, as one JSON download. */
  .get("/export", access(OPERATOR), async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    const { tables } = await agent.exportData();
    const exportedAt = new Date().toISOString();
    return c.json({ tenant, exported_at: exportedAt, tables }, 200, {
      "content-disposition": `attachment; filename="${tenant.id}-export-${exportedAt.slice(0, 10)}.json"`,
      "cache-control": "no-store",
    });
  });

/** Pauses or archives the tenant: its agent holds, then the registry says so. */
async function hold(c: Context<{ Bindings: Env }>, status: "paused" | "archived") {
  const body = ActionBody.safeParse(await actionBody(c));
  if (!body.success) throw unprocessable("The body is not valid.", toFieldErrors(body.error));
  const tenant = await registeredTenant(c);
  const agent = await tenantAgent(c.env, tenant.id);
  const by = c.get("auth").caller.subject;
  const result = await agent.pause(status, by, body.data.reason ?? null);
  if (!result.ok) {
    throw new ProblemError(
      409,
      "conflict",
      "Conflict",
      `Tenant ${tenant.id} is archived (by ${result.hold.by ?? "an operator"} since ${result.hold.since}): resume it, then pause it.`,
    );
  }
  const { since, by: holder, reason } = result.hold;
  await setStatus(c.env, tenant.id, status, since, holder, reason);
  const held = await agent.holdStatus();
  return c.json({ tenant_id: tenant.id, status, since, by: holder, reason, held: held.count });
}

async function setStatus(
  env: Env,
  id: string,
  status: TenantStatus,
  since: string,
  by: string | null,
  reason: string | null,
): Promise<void> {
  const ops = await opsAgent(env);
  await ops.setTenantStatus(id, { status, since, by, reason });
  // This isolate refuses an archived tenant's ingest at once; others within their cache's TTL.
  rememberTenantStatus(id, status);
}
