import { APPROVAL_STEP, actionRefusal, PAST, type RunAction } from "./run-actions";
import { retryRefusal } from "./run-retry";
import { type RunRecord, readRun } from "./run-store";

/** What `POST /api/runs/bulk` does to each run it found. */
export type BulkAction = RunAction | "retry";

/** What became of one run of a bulk action (or would, in a preview). */
export type BulkItem = {
  run_id: string;
  /** The run's status when it was reached ("waiting for approval" at the approval step). */
  status_before: string;
  outcome: "acted" | "would act" | "refused";
  /** The run's status after the action; only when it acted. */
  status_after?: string;
  /** The new run a retry started. */
  new_run_id?: string;
  detail: string;
};

/** The agent's own actions on one run, which a bulk action calls for each (tenant-agent.ts). */
export type RunActor = {
  actOnRun: (
    runId: string,
    action: RunAction,
    reason?: string,
  ) => Promise<{ ok: true; status: string } | { ok: false; detail: string }>;
  retryRun: (
    runId: string,
  ) => Promise<{ ok: true; run_id: string } | { ok: false; status: number; detail: string }>;
};

/** A run's status in the words the run list and the search use. */
export function statusWord(run: RunRecord | null): string {
  if (!run) return "unknown";
  const final = ["complete", "errored", "terminated"].includes(run.status);
  return !final && run.step === APPROVAL_STEP ? "waiting for approval" : run.status;
}

/**
 * Takes one action on each of these runs, one after the other, through the same agent
 * methods the single-run routes call, and says per run what became of it. A preview
 * changes nothing: it asks the same rules those methods check (`actionRefusal`,
 * `retryRefusal`) whether each run's state allows the action.
 */
export async function actInBulk(
  sql: SqlStorage,
  runIds: readonly string[],
  action: BulkAction,
  options: { preview: boolean; reason?: string | undefined },
  actor: RunActor,
): Promise<BulkItem[]> {
  const items: BulkItem[] = [];
  for (const runId of runIds) {
    const run = readRun(sql, runId);
    const status_before = statusWord(run);
    if (options.preview) {
      const refused =
        action === "retry" ? retryRefusal(sql, run, runId) : actionRefusal(sql, run, runId, action);
      items.push(
        refused
          ? { run_id: runId, status_before, outcome: "refused", detail: refused.detail }
          : {
              run_id: runId,
              status_before,
              outcome: "would act",
              detail: `Run ${runId} would be ${action === "retry" ? "retried as a new run" : PAST[action]}.`,
            },
      );
      continue;
    }
    if (action === "retry") {
      const result = await actor.retryRun(runId);
      items.push(
        result.ok
          ? {
              run_id: runId,
              status_before,
              outcome: "acted",
              status_after: statusWord(readRun(sql, runId)),
              new_run_id: result.run_id,
              detail: `Run ${runId} was retried as ${result.run_id}.`,
            }
          : { run_id: runId, status_before, outcome: "refused", detail: result.detail },
      );
      continue;
    }
    const result = await actor.actOnRun(runId, action, options.reason);
    items.push(
      result.ok
        ? {
            run_id: runId,
            status_before,
            outcome: "acted",
            status_after: statusWord(readRun(sql, runId)),
            detail: `Run ${runId} was ${PAST[action]}.`,
          }
        : { run_id: runId, status_before, outcome: "refused", detail: result.detail },
    );
  }
  return items;
}
