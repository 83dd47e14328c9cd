import { type Context, Hono } from "hono";
import { z } from "zod";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { badRequest, notFound, ProblemError, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { tenantAgent } from "../../agent-stubs";
import { access, OWN_TENANT } from "../../auth/access";
import { rateLimitTenantAction } from "../../auth/rate-limit";
import { registeredTenant } from "../tenant-param";
import { RunCursorParam, searchRunsOf } from "./runs";

export const RunsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The previous page's `next_cursor`. */
  cursor: RunCursorParam.optional(),
});
const CycleReason = "requested over the API";
export const RunAction = z.enum(["approve", "reject", "cancel"]);
export const RunId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\x21-\x7e]+$/);
export const ActionBody = z.strictObject({ reason: z.string().trim().min(1).max(500).optional() });
/** `POST /runs/:run/restart`: the step to restart from (a content run's step name). */
export const RestartBody = z.strictObject({ from: z.string().min(1).max(128) });

/** An action's body is optional: none at all means `{}`; anything sent must be JSON. */
export async function actionBody(c: Context<{ Bindings: Env }>): Promise<unknown> {
  const length = c.req.header("content-length");
  const hasBody = (length !== undefined && length !== "0") || c.req.header("transfer-encoding");
  return hasBody || c.req.header("content-type") ? readJsonBody(c, 4 * 1024) : {};
}

/**
 * `/api/tenants/:id/cycle`, `/api/tenants/:id/runs` and
 * `/api/tenants/:id/runs/:run/{approve,reject,cancel}`: what the tenant's agent does.
 */
export const tenantRunRoutes = new Hono<{ Bindings: Env }>()
  /** Runs a cycle now; the answer names the chain the trace follows. */
  .post("/cycle", access(OWN_TENANT), rateLimitTenantAction("cycle"), async (c) => {
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    // A paused or archived tenant's cycles wait for its resume (agents/tenant/pause.ts).
    const { hold } = await agent.holdStatus();
    if (hold && hold.status !== "releasing") {
      throw new ProblemError(
        409,
        "conflict",
        "Conflict",
        `Tenant ${tenant.id} ${hold.status} by ${hold.by ?? "an operator"} since ${hold.since}: resume it to run a cycle.`,
      );
    }
    const { correlation_id } = await agent.requestCycle(CycleReason);
    return c.json({ accepted: true, correlation_id }, 202, {
      location: `/api/trace/${correlation_id}?tenant=${tenant.id}`,
    });
  })
  .get("/runs", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    const { limit, cursor } = parseQuery(c, RunsQuery);
    // A page as the search across tenants reads it (routes/runs.ts), of this tenant alone.
    const { runs, next_cursor } = await searchRunsOf(c.env, [tenant.id], {}, { limit, cursor });
    return c.json({ runs: runs.map(({ tenant_id: _, ...run }) => run), next_cursor });
  })
  /**
   * Retries a run that failed, or was cancelled or rejected: a new run with the same
   * input, linked by `retry_of`, answered 202 with its id. 404 for an unknown run, 409
   * for a run still going or retried already.
   */
  .post("/runs/:run/retry", access(OWN_TENANT), rateLimitTenantAction("run-action"), async (c) => {
    const runId = RunId.safeParse(c.req.param("run"));
    if (!runId.success)
      throw new ProblemError(404, "not-found", "Not found", `No run ${c.req.param("run")}.`);
    const tenant = await registeredTenant(c);
    const agent = await tenantAgent(c.env, tenant.id);
    const result = await agent.retryRun(runId.data);
    if (!result.ok) {
      throw result.status === 404
        ? new ProblemError(404, "not-found", "Not found", result.detail)
        : new ProblemError(409, "conflict", "Conflict", result.detail);
    }
    const status = result.status_now ?? "requested";
    return c.json({ run_id: result.run_id, retry_of: result.retry_of, status }, 202, {
      location: `/api/tenants/${tenant.id}/runs`,
    });
  })
  /**
   * Restarts a run that ended from a named step, keeping the results of the steps before
   * it (agents/tenant/run-restart.ts). Body `{ from: <step> }`; 202 with the steps kept.
   * 400 for a name that is no step of a content run (the valid ones listed), 404 for an
   * unknown run, 409 for a run still going or a step it never reached, 422 for a bad body.
   */
  .post(
    "/runs/:run/restart",
    access(OWN_TENANT),
    rateLimitTenantAction("run-action"),
    async (c) => {
      const runId = RunId.safeParse(c.req.param("run"));
      if (!runId.success)
        throw new ProblemError(404, "not-found", "Not found", `No run ${c.req.param("run")}.`);
      const tenant = await registeredTenant(c);
      const body = RestartBody.safeParse(await readJsonBody(c, 4 * 1024));
      if (!body.success)
        throw unprocessable("The request is not valid.", toFieldErrors(body.error));
      const agent = await tenantAgent(c.env, tenant.id);
      const result = await agent.restartRun(runId.data, body.data.from);
      if (!result.ok) {
        if (result.status === 400)
          throw badRequest(result.detail, [{ path: "from", message: result.detail }]);
        throw result.status === 404
          ? new ProblemError(404, "not-found", "Not found", result.detail)
          : new ProblemError(409, "conflict", "Conflict", result.detail);
      }
      const { run_id, from, kept, restarts, status } = result;
      return c.json({ run_id, from, kept, restarts, status }, 202, {
        location: `/api/tenants/${tenant.id}/runs`,
      });
    },
  )
  /**
   * Approves or rejects a run's article while the run waits for approval, or cancels a
   * run. Body `{ reason? }`. 404 for an unknown run, 409 when the run is not in a state
   * that allows it (finished, or not waiting for approval).
   */
  .post(
    "/runs/:run/:action",
    access(OWN_TENANT),
    rateLimitTenantAction("run-action"),
    async (c) => {
      const action = RunAction.safeParse(c.req.param("action"));
      const runId = RunId.safeParse(c.req.param("run"));
      if (!action.success || !runId.success) return notFound(c);
      const tenant = await registeredTenant(c);
      const body = ActionBody.safeParse(await actionBody(c));
      if (!body.success)
        throw unprocessable("The request is not valid.", toFieldErrors(body.error));
      const agent = await tenantAgent(c.env, tenant.id);
      const result = await agent.actOnRun(runId.data, action.data, body.data.reason);
      if (!result.ok) {
        throw result.status === 404
          ? new ProblemError(404, "not-found", "Not found", result.detail)
          : new ProblemError(409, "conflict", "Conflict", result.detail);
      }
      return c.json({ run_id: result.run_id, action: result.action, status: result.status });
    },
  );
