import { z } from "zod";
import { type Progress, type RunRecord, recordAttempt, recordProgress } from "./run-store";

// Run progress in order, and what a person may do to a run: approve or reject its
// article while it waits for approval, or cancel it while it is not finished.

/** The step at which a run waits for a person (the workflow's step name). */
export const APPROVAL_STEP = "wait for approval";

/** A progress report's place in its run: later steps report higher numbers. */
const Sequenced = z.looseObject({ seq: z.number().int().nonnegative() });

/**
 * Records a progress report unless a later one was recorded already: reports are not
 * durable, and a replaying workflow sends its earlier steps' reports again. Reports
 * without a number (older workflows) are recorded as they come. Returns whether it was.
 */
export function recordProgressInOrder(
  sql: SqlStorage,
  runId: string,
  raw: unknown,
  progress: Progress,
  now: string,
): boolean {
  const seq = Sequenced.safeParse(raw);
  if (seq.success) {
    // Another try of the step now running: the same place in the run, one more attempt.
    if ((progress.attempt ?? 1) > 1 && progress.step) {
      const current = sql
        .exec<{ progress_seq: number }>("SELECT progress_seq FROM runs WHERE run_id = ?", runId)
        .toArray()[0]?.progress_seq;
      if (current !== seq.data.seq) return false;
      recordAttempt(sql, runId, progress.step, progress.attempt ?? 1, now);
      return true;
    }
    const moved = sql.exec(
      "UPDATE runs SET progress_seq = ? WHERE run_id = ? AND progress_seq < ?",
      seq.data.seq,
      runId,
      seq.data.seq,
    ).rowsWritten;
    if (moved === 0) return false;
  }
  recordProgress(sql, runId, progress, now);
  return true;
}

export type RunAction = "approve" | "reject" | "cancel";

/** What became of an action on a run; `status` is the HTTP status a refusal maps to. */
export type RunActionResult =
  | { ok: true; run_id: string; action: RunAction; status: string }
  | { ok: false; status: 404 | 409; detail: string };

const FINAL = new Set(["complete", "errored", "terminated"]);

/** Why this action cannot be taken on this run now, or null when it can. */
export function refusal(
  run: RunRecord | null,
  runId: string,
  action: RunAction,
): RunActionResult | null {
  if (!run) return { ok: false, status: 404, detail: `No run ${runId}.` };
  if (FINAL.has(run.status)) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} is ${run.status}; nothing is left to ${action}.`,
    };
  }
  if (action !== "cancel" && run.step !== APPROVAL_STEP) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} is not waiting for approval (it is ${run.status}${run.step ? ` at "${run.step}"` : ""}).`,
    };
  }
  return null;
}
