import { CONTENT_RUN_STEPS, type ContentRunStep } from "../../events";
import { APPROVAL_STEP, readDecision } from "./run-actions";
import { type RunRecord, readRun } from "./run-store";

/**
 * Restarting a run from a named step (`POST /api/tenants/:id/runs/:run/restart`): the
 * workflow engine forgets the results of that step and every later one and runs them
 * again, replaying the earlier steps from their stored results (their work is not done
 * again). The agent's own record follows: the run is under way again from that step, the
 * steps from it on are forgotten (their tries and times start afresh), and the restart is
 * counted with the step it restarted from (schema version 18).
 *
 * What a re-run step does again is each step's own idempotence: a run whose article was
 * released (its publish step marked it ready, so a complete run's) never releases it
 * again, so a restart never publishes an article twice; an article stored but not
 * released is forgotten when the restart re-runs the store step, so the new text is
 * stored. A person's rejection or cancellation is withdrawn by the restart (it is the
 * operator's new decision), and so is an approval the restart asks for again (from the
 * approval or before); a rejected run restarts only from the approval or before, since a
 * later step would replay the rejection and fail again.
 */
export const runRestartMigrationSql = `
  ALTER TABLE runs ADD COLUMN restarts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE runs ADD COLUMN restarted_from TEXT;
  ALTER TABLE runs ADD COLUMN restarted_at TEXT;
`;

/** Statuses a run can be restarted from: it ended, however it ended. */
const RESTARTABLE = new Set(["errored", "terminated", "complete"]);

export type RestartPlan = {
  ok: true;
  run: RunRecord;
  from: ContentRunStep;
  /** Steps before `from`, whose stored results the engine keeps. */
  kept: ContentRunStep[];
};

export type RestartRefusal = { ok: false; status: 400 | 404 | 409; detail: string };

/** Whether a name is one of the content run's steps. */
export function isContentStep(name: string): name is ContentRunStep {
  return (CONTENT_RUN_STEPS as readonly string[]).includes(name);
}

/**
 * Why this run cannot be restarted from this step, or the plan when it can: the rules,
 * read without writing anything (the restart and any preview of it ask the same).
 */
export function planRestart(
  sql: SqlStorage,
  runId: string,
  from: string,
): RestartPlan | RestartRefusal {
  if (!isContentStep(from)) {
    return {
      ok: false,
      status: 400,
      detail: `"${from}" is not a step of a content run; restart from one of: ${CONTENT_RUN_STEPS.map((s) => `"${s}"`).join(", ")}.`,
    };
  }
  const run = readRun(sql, runId);
  if (!run) return { ok: false, status: 404, detail: `No run ${runId}.` };
  if (!RESTARTABLE.has(run.status)) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} is ${run.status}${run.step ? ` at "${run.step}"` : ""}: only a run that has ended (failed, cancelled, rejected or complete) can be restarted.`,
    };
  }
  const reached = sql
    .exec<{ step: string }>("SELECT step FROM run_steps WHERE run_id = ?", runId)
    .toArray()
    .map((row) => row.step);
  if (!reached.includes(from)) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} never reached "${from}"; restart it from a step it ran: ${
        CONTENT_RUN_STEPS.filter((s) => reached.includes(s))
          .map((s) => `"${s}"`)
          .join(", ") || "none (retry it instead)"
      }.`,
    };
  }
  const decided = readDecision(sql, runId);
  const index = CONTENT_RUN_STEPS.indexOf(from);
  if (decided?.action === "reject" && index > CONTENT_RUN_STEPS.indexOf(APPROVAL_STEP)) {
    return {
      ok: false,
      status: 409,
      detail: `Run ${runId} was rejected at "${APPROVAL_STEP}"; a restart from "${from}" would replay the rejection. Restart from "${APPROVAL_STEP}" or earlier to ask for approval again.`,
    };
  }
  return { ok: true, run, from, kept: CONTENT_RUN_STEPS.slice(0, index) };
}

/** What a restart changes, kept so that a restart the engine refuses can be undone. */
export type RestartSnapshot = {
  run_id: string;
  run: Record<string, SqlStorageValue>;
  steps: Record<string, SqlStorageValue>[];
  article: Record<string, SqlStorageValue> | null;
  tracking: Record<string, SqlStorageValue> | null;
};

const RUN_FIELDS = `status, step, percent, error, completed_at, updated_at, progress_seq, decision,
  decision_note, decided_at, restarts, restarted_from, restarted_at`;
const TRACKING_FIELDS = "status, updated_at, completed_at, error_name, error_message";

/**
 * The agent's record of a run about to be restarted, written before the engine is asked
 * (so the reports of the restarted run, which may arrive while the agent awaits the
 * engine, find the record ready for them): under way again (`started`, so a restart of
 * the agent wakes it) at the step before `from`; progress numbered from there (the
 * replayed earlier steps' reports are not recorded again, `from`'s are); the steps from
 * `from` on forgotten; a person's decision withdrawn; an unreleased article forgotten
 * when the store step runs again; the restart counted; and the Agents SDK's tracking of
 * the workflow reset to `queued` as its own `restartWorkflow` does (a terminated run's
 * tracking would otherwise ignore the run's end). Returns what `undoRestart` needs.
 */
export function recordRestart(sql: SqlStorage, plan: RestartPlan, now: string): RestartSnapshot {
  const { run, from, kept } = plan;
  const index = CONTENT_RUN_STEPS.indexOf(from);
  const again = CONTENT_RUN_STEPS.slice(index);
  const marks = again.map(() => "?").join(",");
  const storesAgain = index <= CONTENT_RUN_STEPS.indexOf("store article");
  const snapshot: RestartSnapshot = {
    run_id: run.run_id,
    run: sql.exec(`SELECT ${RUN_FIELDS} FROM runs WHERE run_id = ?`, run.run_id).one(),
    steps: sql
      .exec(`SELECT * FROM run_steps WHERE run_id = ? AND step IN (${marks})`, run.run_id, ...again)
      .toArray(),
    article: storesAgain
      ? (sql
          .exec(
            "SELECT * FROM articles WHERE content_id = ? AND run_id = ? AND status = 'stored'",
            run.content_id,
            run.run_id,
          )
          .toArray()[0] ?? null)
      : null,
    tracking:
      sql
        .exec(
          `SELECT ${TRACKING_FIELDS} FROM cf_agents_workflows WHERE workflow_id = ?`,
          run.run_id,
        )
        .toArray()[0] ?? null,
  };
  // An approval the restarted run replays (it restarts after it) stands; any other
  // decision is withdrawn, and a restart from the approval or before asks for it again.
  const keepsApproval =
    readDecision(sql, run.run_id)?.action === "approve" &&
    index > CONTENT_RUN_STEPS.indexOf(APPROVAL_STEP);
  sql.exec(
    `UPDATE runs SET status = 'started', step = ?, percent = ?, error = NULL, completed_at = NULL,
       updated_at = ?, progress_seq = ?,
       decision = CASE WHEN ? THEN decision END, decision_note = CASE WHEN ? THEN decision_note END,
       decided_at = CASE WHEN ? THEN decided_at END,
       restarts = restarts + 1, restarted_from = ?, restarted_at = ?
     WHERE run_id = ?`,
    kept.at(-1) ?? null,
    Math.round((index / CONTENT_RUN_STEPS.length) * 100) / 100,
    now,
    // The "done" report of the step before `from` (progress.ts numbers them so).
    index * 2,
    keepsApproval ? 1 : 0,
    keepsApproval ? 1 : 0,
    keepsApproval ? 1 : 0,
    from,
    now,
    run.run_id,
  );
  sql.exec(`DELETE FROM run_steps WHERE run_id = ? AND step IN (${marks})`, run.run_id, ...again);
  if (snapshot.article) {
    sql.exec(
      "DELETE FROM articles WHERE content_id = ? AND run_id = ?",
      run.content_id,
      run.run_id,
    );
  }
  if (snapshot.tracking) {
    sql.exec(
      `UPDATE cf_agents_workflows SET status = 'queued', updated_at = ?, completed_at = NULL,
         error_name = NULL, error_message = NULL WHERE workflow_id = ?`,
      Math.floor(Date.parse(now) / 1000),
      run.run_id,
    );
  }
  return snapshot;
}

/** Puts back what `recordRestart` changed: the engine refused the restart. */
export function undoRestart(sql: SqlStorage, snapshot: RestartSnapshot): void {
  const fields = Object.keys(snapshot.run);
  sql.exec(
    `UPDATE runs SET ${fields.map((f) => `${f} = ?`).join(", ")} WHERE run_id = ?`,
    ...fields.map((f) => snapshot.run[f] ?? null),
    snapshot.run_id,
  );
  for (const row of snapshot.steps) insertRow(sql, "run_steps", row);
  if (snapshot.article) insertRow(sql, "articles", snapshot.article);
  if (snapshot.tracking) {
    const tracked = Object.keys(snapshot.tracking);
    sql.exec(
      `UPDATE cf_agents_workflows SET ${tracked.map((f) => `${f} = ?`).join(", ")} WHERE workflow_id = ?`,
      ...tracked.map((f) => snapshot.tracking?.[f] ?? null),
      snapshot.run_id,
    );
  }
}

function insertRow(sql: SqlStorage, table: string, row: Record<string, SqlStorageValue>): void {
  const columns = Object.keys(row);
  sql.exec(
    `INSERT OR REPLACE INTO ${table} (${columns.join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
    ...columns.map((c) => row[c] ?? null),
  );
}

/** How often a run was restarted (0 for none); failure records are keyed by it. */
export function restartsOf(sql: SqlStorage, runId: string): number {
  return (
    sql.exec<{ restarts: number }>("SELECT restarts FROM runs WHERE run_id = ?", runId).toArray()[0]
      ?.restarts ?? 0
  );
}

/**
 * Whether a failure reported at `failedAt` belongs to a try of the run before its latest
 * restart: its `workflow.failed` can arrive after the restart, and must not end the new try.
 */
export function failedBeforeRestart(sql: SqlStorage, runId: string, failedAt: string): boolean {
  const restartedAt = sql
    .exec<{ restarted_at: string | null }>("SELECT restarted_at FROM runs WHERE run_id = ?", runId)
    .toArray()[0]?.restarted_at;
  return typeof restartedAt === "string" && Date.parse(failedAt) < Date.parse(restartedAt);
}
