/** A tenant's content runs. */
import { getJson, type RequestOptions, seg, sendJson, withQuery } from "./client";
import { RunActionResult, RunList, RunRestarted, RunRetried } from "./schemas";

export async function listRuns(tenant: string, options?: RequestOptions) {
  const path = withQuery(`/api/tenants/${seg(tenant)}/runs`, { limit: 50 });
  return (await getJson(path, RunList, options)).runs;
}

export type RunAction = "approve" | "reject" | "cancel";

/**
 * Approves or rejects a run's article while it waits for approval, or cancels a run.
 * 409 (a ProblemError saying why) when the run is not in a state that allows it.
 */
export function actOnRun(tenant: string, run: string, action: RunAction, reason?: string) {
  return sendJson(
    "POST",
    `/api/tenants/${seg(tenant)}/runs/${seg(run)}/${action}`,
    reason ? { reason } : {},
    RunActionResult,
  );
}

/** Retries a failed, cancelled or rejected run as a new run; 409 when it cannot be. */
export function retryRun(tenant: string, run: string) {
  return sendJson("POST", `/api/tenants/${seg(tenant)}/runs/${seg(run)}/retry`, {}, RunRetried);
}

/**
 * Restarts a run that ended from one of its steps, keeping the results of the steps
 * before it; 400 for a name that is no step, 409 when the run's state does not allow it.
 */
export function restartRun(tenant: string, run: string, from: string) {
  return sendJson(
    "POST",
    `/api/tenants/${seg(tenant)}/runs/${seg(run)}/restart`,
    { from },
    RunRestarted,
  );
}
