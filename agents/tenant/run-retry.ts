import type { RunRequest } from "./decision";
import { type RunRecord, readRun, requestRuns } from "./run-store";

/**
 * Retrying a failed run: a new run of the same decision with the same input (keyword,
 * content, research, chain and trace), linked to the run it retries by `retry_of`. The
 * new run starts from the beginning; the failed one stays as it ended. A run is retried
 * at most once (the retry can be retried in turn), so a repeated request finds the retry
 * instead of starting another (schema version 16).
 */
export const runRetryMigrationSql = `
  ALTER TABLE runs ADD COLUMN retry_of TEXT;
  CREATE UNIQUE INDEX runs_by_retry_of ON runs (retry_of) WHERE retry_of IS NOT NULL;
`;

/** The statuses a run can be retried from: it failed, or was cancelled or rejected. */
const RETRYABLE = new Set(["errored", "terminated"]);

export type RetryResult =
  | { ok: true; run_id: string; retry_of: string }
  | { ok: false; status: 404 | 409; detail: string };

/** Asks for the retry of a failed run (started by the caller after the commit). */
export function requestRetry(sql: SqlStorage, runId: string, now: string): RetryResult {
  const run = readRun(sql, runId);
  const refused = retryRefusal(sql, run, runId);
  if (refused || !run) return refused ?? { ok: false, status: 404, detail: `No run ${runId}.` };
  const params = sql
    .exec<{ params: string }>("SELECT params FROM runs WHERE run_id = ?", runId)
    .one().params;
  const tries = sql
    .exec<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE content_id = ?", run.content_id)
    .one().n;
  const retry: RunRequest = {
    ...(JSON.parse(params) as RunRequest),
    run_id: `${run.content_id}-r${tries + 1}`,
  };
  requestRuns(sql, run.decision_id, [retry], now);
  sql.exec("UPDATE runs SET retry_of = ? WHERE run_id = ?", runId, retry.run_id);
  return { ok: true, run_id: retry.run_id, retry_of: runId };
}

/**
 * Why this run cannot be retried now, or null when it can: the retry's rules, read
 * without writing anything (`requestRetry` and a bulk preview both ask it).
 */
export function retryRefusal(
  sql: SqlStorage,
  run: RunRecord | null,
  runId: string,
): (RetryResult & { ok: false }) | null {
  if (!run) return { ok: false, status: 404, detail: `No run ${runId}.` };
  const retried = sql
    .exec<{ run_id: string }>("SELECT run_id FROM runs WHERE retry_of = ?", runId)
    .toArray()[0];
  if (retried) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} was retried already, as ${retried.run_id}; retry that one if it failed too.`,
    };
  }
  if (!RETRYABLE.has(run.status)) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} is ${run.status}: only a run that failed, or was cancelled or rejected, can be retried.`,
    };
  }
  return null;
}
