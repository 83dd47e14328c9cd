import type { RunRequest } from "./decision";
import { markStarted, markStartFailed, requestedRuns } from "./run-store";

/** Starts one workflow instance with this id; throws if the engine refuses. */
export type StartWorkflow = (run: RunRequest) => Promise<unknown>;

/** Runs started per pass; the rest follow on the next (a retry or the sweep). */
const BATCH = 25;

/** The engine's answer when an instance with the id exists (locally and on Cloudflare). */
const ALREADY_EXISTS = /already[ _]exists|already being tracked/i;

/**
 * Starts the runs decisions asked for, oldest first. The instance id is the run id, so
 * a run that already exists (a retry after a crash, two passes at once) counts as
 * started; any other failure leaves it `requested` with the error, for the next pass.
 */
export async function startRequestedRuns(
  sql: SqlStorage,
  start: StartWorkflow,
  now: () => string,
): Promise<{ started: number; failed: number }> {
  let started = 0;
  let failed = 0;
  for (const run of requestedRuns(sql, BATCH)) {
    try {
      await start(run);
    } catch (error) {
      if (!ALREADY_EXISTS.test(String(error))) {
        markStartFailed(sql, run.run_id, String(error), now());
        failed++;
        continue;
      }
    }
    markStarted(sql, run.run_id, now());
    started++;
  }
  return { started, failed };
}
