import type { MiddlewareHandler } from "hono";
import { routePath } from "hono/route";
import { outcomeOf } from "../../agents/ops/audit";
import { log } from "../../platform/log";
import { opsAgent } from "../agent-stubs";

/**
 * What a handler may tell the audit about its request: another action name (a preview
 * is not the action it previews), or that it changed nothing worth a line.
 */
export type AuditNote = {
  action?: string;
  skip?: boolean;
  /** The tenant acted on, when the path does not name it (a replay names it in its body). */
  tenant?: string;
};

declare module "hono" {
  interface ContextVariableMap {
    audit: AuditNote;
  }
}

/** Readable names of the actions, by method and route pattern; others keep the pattern. */
const ACTIONS: Readonly<Record<string, string>> = {
  "POST /api/tenants": "tenant.create",
  "PUT /api/tenants/:id/strategy": "strategy.update",
  "POST /api/tenants/:id/strategy/rollback": "strategy.rollback",
  "POST /api/tenants/:id/cycle": "cycle.request",
  "PUT /api/tenants/:id/budget": "budget.set",
  "POST /api/tenants/:id/runs/:run/retry": "run.retry",
  "POST /api/tenants/:id/runs/:run/restart": "run.restart",
  // Named per verb by the route (run.bulk.<action>); a preview is not recorded.
  "POST /api/runs/bulk": "run.bulk",
  "POST /api/tenants/:id/pause": "tenant.pause",
  "POST /api/tenants/:id/resume": "tenant.resume",
  "POST /api/tenants/:id/archive": "tenant.archive",
  "DELETE /api/tenants/:id/budget": "budget.remove",
  "POST /api/replay": "events.replay",
  "POST /api/dlq/redrive": "dlq.redrive",
  "POST /api/dlq/:id/redrive": "dlq.redrive",
  "DELETE /api/dlq/:id": "dlq.delete",
  "PUT /api/alerts/rules/:id": "alert.rule.put",
  "DELETE /api/alerts/rules/:id": "alert.rule.delete",
  "POST /api/alerts/webhooks": "alert.webhook.create",
  "DELETE /api/alerts/webhooks/:id": "alert.webhook.delete",
  "POST /api/alerts/deliveries/:id/redrive": "alert.delivery.redrive",
  "PUT /api/services/:service/faults": "fault.set",
  "DELETE /api/services/:service/faults": "fault.clear",
  "PUT /api/ops-agent/outage": "outage.start",
  "DELETE /api/ops-agent/outage": "outage.end",
  "POST /api/events": "events.inject",
};

/** Previews and reads sent as POST: they change nothing. */
const NOT_ACTIONS = new Set(["POST /api/tenants/:id/strategy/preview"]);

/**
 * Writes a line in the audit log (the OpsAgent's `audit_log`) for every request that
 * may change something — any method but GET, HEAD and OPTIONS — once it has answered,
 * with the caller the gate verified, the action, its tenant and target, and the status.
 * Ingest is the event path, not an action: only what an operator injects is recorded.
 * Requests the gate refused (401, 403) never reached an action and have no line. A line
 * that cannot be written (the OpsAgent out of reach) is logged instead; the action's
 * answer never waits on it failing.
 */
export function auditActions(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    await next();
    if (["GET", "HEAD", "OPTIONS"].includes(c.req.method)) return;
    const auth = c.get("auth");
    const note = c.get("audit");
    if (!auth || note?.skip) return;
    const pattern = routePath(c, -1);
    const key = `${c.req.method} ${pattern}`;
    if (NOT_ACTIONS.has(key)) return;
    if (key === "POST /api/events" && auth.caller.role !== "operator") return;
    const params = c.req.param() as Record<string, string | undefined>;
    const tenant = pattern.startsWith("/api/tenants/:id")
      ? (params.id ?? null)
      : (note?.tenant ?? null);
    const runAction = key === "POST /api/tenants/:id/runs/:run/:action" ? params.action : null;
    const entry = {
      at: new Date().toISOString(),
      actor: auth.caller.subject,
      role: auth.caller.role,
      action: note?.action ?? (runAction ? `run.${runAction}` : (ACTIONS[key] ?? key)),
      method: c.req.method,
      path: c.req.path.slice(0, 500),
      tenant_id: tenant,
      target:
        (params.run ?? params.service ?? (tenant ? null : params.id) ?? null)?.slice(0, 300) ??
        null,
      status: c.res.status,
    };
    try {
      await opsAgent(c.env).recordAudit(entry);
    } catch (error) {
      log({
        level: "error",
        msg: "audit line not written",
        ...entry,
        outcome: outcomeOf(entry.status),
        error: String(error),
      });
    }
  };
}
