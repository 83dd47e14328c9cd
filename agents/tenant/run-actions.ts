import { z } from "zod";
import {
  FINAL_RUN_STATUSES,
  type Progress,
  type RunRecord,
  recordAttempt,
  recordProgress,
} from "./run-store";

// Run progress in order, and what a person may do to a run: approve or reject its
// article while it waits for approval, or cancel it while it is not finished. The first
// of these on a run is its decision, and final: the agent claims it in the same turn as
// it checks, before anything is awaited, so of two actions only one ever acts.

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

/** How each action reads once taken. */
export const PAST: Record<RunAction, string> = {
  approve: "approved",
  reject: "rejected",
  cancel: "cancelled",
};

/** A run's decision: the first action taken on it (schema version 12). */
export const runDecisionMigrationSql = `
  ALTER TABLE runs ADD COLUMN decision TEXT CHECK (decision IN ('approve', 'reject', 'cancel'));
  ALTER TABLE runs ADD COLUMN decision_note TEXT;
  ALTER TABLE runs ADD COLUMN decided_at TEXT;
`;

/** What a person decided about a run, and when. */
export type RunDecision = { action: RunAction; note: string; at: string };

export function readDecision(sql: SqlStorage, runId: string): RunDecision | null {
  const row = sql
    .exec<{ decision: RunAction | null; decision_note: string | null; decided_at: string | null }>(
      "SELECT decision, decision_note, decided_at FROM runs WHERE run_id = ?",
      runId,
    )
    .toArray()[0];
  if (!row?.decision) return null;
  return { action: row.decision, note: row.decision_note ?? "", at: row.decided_at ?? "" };
}

/**
 * Checks the action and, when it may be taken, records it as the run's decision; returns
 * the refusal otherwise. Synchronous on purpose: an action that arrives while this one
 * awaits the workflow engine finds the decision taken and is refused.
 */
export function claimDecision(
  sql: SqlStorage,
  run: RunRecord | null,
  runId: string,
  action: RunAction,
  note: string,
  now: string,
): RunActionResult | null {
  const refused = actionRefusal(sql, run, runId, action);
  if (refused) return refused;
  sql.exec(
    `UPDATE runs SET decision = ?, decision_note = ?, decided_at = ?
     WHERE run_id = ? AND decision IS NULL`,
    action,
    note,
    now,
    runId,
  );
  return null;
}

/**
 * Why this action cannot be taken on this run now, or null when it can: every rule the
 * action keeps, read without writing anything. `claimDecision` checks with it, and so
 * does a bulk preview (`POST /api/runs/bulk` with `preview: true`).
 */
export function actionRefusal(
  sql: SqlStorage,
  run: RunRecord | null,
  runId: string,
  action: RunAction,
): (RunActionResult & { ok: false }) | null {
  const refused = refusal(run, runId, action, readDecision(sql, runId));
  if (refused) return refused;
  if (action === "cancel" && run && hasReleasedArticle(sql, run)) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} has already handed its article to the publisher; it can no longer be cancelled.`,
    };
  }
  return null;
}

/** Whether this run's publish step has marked its article ready (and asked for it to go live). */
function hasReleasedArticle(sql: SqlStorage, run: RunRecord): boolean {
  return (
    sql
      .exec(
        "SELECT 1 FROM articles WHERE content_id = ? AND run_id = ? AND status = 'ready'",
        run.content_id,
        run.run_id,
      )
      .toArray().length > 0
  );
}

/** Withdraws a decision the workflow engine refused to carry out: nothing was decided. */
export function releaseDecision(sql: SqlStorage, runId: string, action: RunAction): void {
  sql.exec(
    `UPDATE runs SET decision = NULL, decision_note = NULL, decided_at = NULL
     WHERE run_id = ? AND decision = ?`,
    runId,
    action,
  );
}

/** What became of an action on a run; `status` is the HTTP status a refusal maps to. */
export type RunActionResult =
  | { ok: true; run_id: string; action: RunAction; status: string }
  | { ok: false; status: 404 | 409; detail: string };

const FINAL = new Set(FINAL_RUN_STATUSES);

/** Why this action cannot be taken on this run now, or null when it can. */
export function refusal(
  run: RunRecord | null,
  runId: string,
  action: RunAction,
  decided: RunDecision | null = null,
): (RunActionResult & { ok: false }) | null {
  if (!run) return { ok: false, status: 404, detail: `No run ${runId}.` };
  if (decided) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} was already ${PAST[decided.action]} at ${decided.at} (${decided.note}); the first decision stands, so it cannot be ${PAST[action]} now.`,
    };
  }
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
