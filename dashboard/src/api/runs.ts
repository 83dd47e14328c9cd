/** A tenant's content runs. */
import { getJson, type RequestOptions, seg, sendJson, withQuery } from "./client";
import { RunActionResult, RunList, RunRetried } from "./schemas";

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
