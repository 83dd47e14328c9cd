import type { RunRequest } from "./decision";
import { markStarted, markStartFailed, requestedRuns } from "./run-store";

/** Starts one workflow instance with this id; throws if the engine refuses. */
export type StartWorkflow = (run: RunRequest) => Promise<unknown>;

export type StartGuards = {
  /**
   * Runs a pass of this agent is starting right now. Passes overlap (a batch's and a
   * retry's, say) while one waits on the engine; each skips what another claimed, so an
   * instance is created once rather than once and then refused as "already exists".
   */
  claimed: Set<string>;
  /** Whether the agent already tracks a workflow with this id (it started before a crash). */
  isTracked: (runId: string) => boolean;
};

/** Runs started per pass; the rest follow on the next (a retry or the sweep). */
const BATCH = 25;

/** The engine's answer when an instance with the id exists (locally and on Cloudflare). */
const ALREADY_EXISTS = /already[ _]exists|already being tracked/i;

/**
 * Starts the runs decisions asked for, oldest first. The instance id is the run id, so
 * a run whose instance exists (started before a crash cut the pass short) counts as
 * started — found in the agent's tracking without asking the engine, or by the engine's
 * "already exists"; any other failure leaves it `requested` with the error, for the next
 * pass.
 */
export async function startRequestedRuns(
  sql: SqlStorage,
  start: StartWorkflow,
  now: () => string,
  guards: StartGuards,
): Promise<{ started: number; failed: number }> {
  let started = 0;
  let failed = 0;
  for (const run of requestedRuns(sql, BATCH)) {
    if (guards.claimed.has(run.run_id)) continue;
    guards.claimed.add(run.run_id);
    try {
      const error = await startOnce(run, start, guards);
      if (error === null) {
        markStarted(sql, run.run_id, now());
        started++;
      } else {
        markStartFailed(sql, run.run_id, error, now());
        failed++;
      }
    } finally {
      guards.claimed.delete(run.run_id);
    }
  }
  return { started, failed };
}

/** Starts the run's instance unless it exists; the error when the engine refused it. */
async function startOnce(
  run: RunRequest,
  start: StartWorkflow,
  guards: StartGuards,
): Promise<string | null> {
  if (guards.isTracked(run.run_id)) return null;
  try {
    await start(run);
    return null;
  } catch (error) {
    return ALREADY_EXISTS.test(String(error)) ? null : String(error);
  }
}
