import { z } from "zod";
import { keywordKey } from "../../events/strategy";
import { chunksOf, placeholders } from "../../platform/sqlite/chunks";
import { addToCounter } from "../../platform/sqlite/counters";
import type { RunRequest } from "./decision";

/**
 * The agent's own record of content runs: written with the decision that asks for a
 * run (status `requested`), so a run is never decided without being started — the
 * shell starts requested runs after the commit, and the sweep retries any it could
 * not. Workflow callbacks then move it along (`started` → `running` → `complete` /
 * `errored`), with its current step and progress.
 */
export type RunRecord = {
  run_id: string;
  content_id: string;
  keyword: string;
  research_id: string | null;
  correlation_id: string;
  decision_id: string;
  status: string;
  step: string | null;
  /** 0–1, as the workflow reports it. */
  percent: number | null;
  error: string | null;
  requested_at: string;
  started_at: string | null;
  updated_at: string;
  completed_at: string | null;
  /** The failed run this one retries (tenant/run-retry.ts); null for a decided run. */
  retry_of: string | null;
  /** How often the run was restarted from a step, and the last such step (tenant/run-restart.ts). */
  restarts: number;
  restarted_from: string | null;
};

/** One step of a run, as progress reported it. */
export type RunStep = {
  run_id: string;
  step: string;
  status: string;
  message: string | null;
  first_at: string;
  updated_at: string;
  /** Tries of the step so far: 1, or more when it failed and was retried. */
  attempts: number;
  /**
   * When the step's body finished, as the workflow's stored step result says: a replay
   * repeats it, so a step a resumed run did not redo keeps its time.
   */
  finished_at: string | null;
};

/** The columns a `RunRecord` reads (run-search.ts selects them too). */
export const COLUMNS = `run_id, content_id, keyword, research_id, correlation_id, decision_id, status, step,
  percent, error, requested_at, started_at, updated_at, completed_at, retry_of,
  restarts, restarted_from`;

/** Statuses after which nothing more happens to a run. */
export const FINAL_RUN_STATUSES: readonly string[] = ["complete", "errored", "terminated"];
const FINAL = FINAL_RUN_STATUSES;
/** Every other status a run can have (the agent's and the workflow engine's). */
const ACTIVE = [
  "requested",
  "started",
  "queued",
  "running",
  "waiting",
  "paused",
  "waitingForPause",
];

export function requestRuns(
  sql: SqlStorage,
  decisionId: string,
  runs: readonly RunRequest[],
  now: string,
): void {
  for (const run of runs) {
    const written = sql.exec(
      `INSERT INTO runs (run_id, content_id, keyword, keyword_key, research_id, correlation_id, decision_id,
         params, status, requested_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'requested', ?, ?) ON CONFLICT (run_id) DO NOTHING`,
      run.run_id,
      run.content_id,
      run.keyword,
      keywordKey(run.keyword),
      run.research_id,
      run.correlation_id,
      decisionId,
      JSON.stringify(run),
      now,
      now,
    ).rowsWritten;
    // rowsWritten counts index entries too: any write means the one row was new.
    addToCounter(sql, "runs_requested", written > 0 ? 1 : 0);
  }
}

/** Runs decided but not started yet, oldest first. */
export function requestedRuns(sql: SqlStorage, limit: number): RunRequest[] {
  return sql
    .exec<{ params: string }>(
      "SELECT params FROM runs WHERE status = 'requested' ORDER BY requested_at, run_id LIMIT ?",
      limit,
    )
    .toArray()
    .map((row) => JSON.parse(row.params) as RunRequest);
}

/**
 * Runs started and not finished that are not waiting for a person: the ones a crash of
 * the workflow engine could have stopped mid-step.
 */
export function runsUnderWay(sql: SqlStorage, approvalStep: string): string[] {
  return sql
    .exec<{ run_id: string }>(
      `SELECT run_id FROM runs WHERE status IN ('started', 'running')
         AND (step IS NULL OR step != ?) ORDER BY requested_at, run_id`,
      approvalStep,
    )
    .toArray()
    .map((row) => row.run_id);
}

/** How many runs were decided but not started yet. */
export function countRequested(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM runs WHERE status = 'requested'").one()
    .n;
}

export function markStarted(sql: SqlStorage, runId: string, now: string): void {
  const written = sql.exec(
    `UPDATE runs SET status = 'started', started_at = ?, updated_at = ?, start_attempts = start_attempts + 1,
       error = NULL WHERE run_id = ? AND status = 'requested'`,
    now,
    now,
    runId,
  ).rowsWritten;
  addToCounter(sql, "runs_started", written > 0 ? 1 : 0);
}

export function markStartFailed(sql: SqlStorage, runId: string, error: string, now: string): void {
  sql.exec(
    "UPDATE runs SET start_attempts = start_attempts + 1, error = ?, updated_at = ? WHERE run_id = ?",
    error.slice(0, 500),
    now,
    runId,
  );
}

/** What a workflow reports as progress; anything else in it is ignored. */
export const Progress = z.looseObject({
  step: z.string().min(1).max(128).optional(),
  status: z.string().max(32).optional(),
  message: z.string().max(500).optional(),
  percent: z.number().min(0).max(1).optional(),
  /** Which try of the step this is (1 = the first); reported again on each retry. */
  attempt: z.number().int().min(1).max(1000).optional(),
  finished_at: z.iso.datetime().optional(),
});
export type Progress = z.infer<typeof Progress>;

/**
 * Records another try of a step: its count of attempts goes up (never down: reports
 * can repeat), and it reads "retrying" until it reports again.
 */
export function recordAttempt(
  sql: SqlStorage,
  runId: string,
  step: string,
  attempt: number,
  now: string,
): void {
  sql.exec(
    `UPDATE run_steps SET attempts = MAX(attempts, ?), status = 'retrying', updated_at = ?
     WHERE run_id = ? AND step = ? AND attempts < ?`,
    attempt,
    now,
    runId,
    step,
    attempt,
  );
}

/**
 * Records reported progress. Reports are not durable and repeat when a workflow
 * replays, so this is an upsert per (run, step) and never moves a finished run back.
 */
export function recordProgress(
  sql: SqlStorage,
  runId: string,
  progress: Progress,
  now: string,
): void {
  sql.exec(
    `UPDATE runs SET status = CASE WHEN status IN (${FINAL.map(() => "?").join(",")}) THEN status ELSE 'running' END,
       step = COALESCE(?, step), percent = COALESCE(?, percent), updated_at = ?,
       started_at = COALESCE(started_at, ?)
     WHERE run_id = ?`,
    ...FINAL,
    progress.step ?? null,
    progress.percent ?? null,
    now,
    now,
    runId,
  );
  if (progress.step) {
    sql.exec(
      `INSERT INTO run_steps (run_id, step, status, message, first_at, updated_at, finished_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (run_id, step) DO UPDATE SET status = excluded.status,
         message = COALESCE(excluded.message, run_steps.message), updated_at = excluded.updated_at,
         finished_at = COALESCE(run_steps.finished_at, excluded.finished_at)`,
      runId,
      progress.step,
      progress.status ?? "running",
      progress.message ?? null,
      now,
      now,
      progress.finished_at ?? null,
    );
  }
}

/** What a finished run's result says about its steps; anything else in it is ignored. */
const StepTimes = z.looseObject({
  steps_finished_at: z.record(z.string().max(128), z.iso.datetime()).optional(),
});

/**
 * Takes each step's finishing time from the run's result: the workflow's own stored
 * step results, so the record shows a step that ran again (after a crash) with its new
 * time rather than the time its first progress report gave.
 */
export function recordStepTimes(sql: SqlStorage, runId: string, result: unknown): void {
  const parsed = StepTimes.safeParse(result);
  if (!parsed.success) return;
  for (const [step, finishedAt] of Object.entries(parsed.data.steps_finished_at ?? {})) {
    sql.exec(
      "UPDATE run_steps SET finished_at = ? WHERE run_id = ? AND step = ?",
      finishedAt,
      runId,
      step,
    );
  }
}

/** A run ended: complete, or failed with why. The first ending wins. */
export function recordRunEnd(
  sql: SqlStorage,
  runId: string,
  status: "complete" | "errored" | "terminated",
  error: string | null,
  now: string,
): void {
  const written = sql.exec(
    `UPDATE runs SET status = ?, error = COALESCE(?, error), percent = CASE WHEN ? = 'complete' THEN 1 ELSE percent END,
       updated_at = ?, completed_at = ?
     WHERE run_id = ? AND status NOT IN (${FINAL.map(() => "?").join(",")})`,
    status,
    error,
    status,
    now,
    now,
    runId,
    ...FINAL,
  ).rowsWritten;
  addToCounter(sql, status === "complete" ? "runs_completed" : "runs_failed", written > 0 ? 1 : 0);
}

export function readRun(sql: SqlStorage, runId: string): RunRecord | null {
  return (
    sql.exec<RunRecord>(`SELECT ${COLUMNS} FROM runs WHERE run_id = ?`, runId).toArray()[0] ?? null
  );
}

/**
 * The traceparent each run was decided under (the one its cause's children carry: its
 * messages are sent under it), by run id; runs decided before traceparent existed have
 * none.
 */
export function runTraceparents(sql: SqlStorage, runIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const chunk of chunksOf(runIds)) {
    for (const row of sql.exec<{ run_id: string; traceparent: string | null }>(
      `SELECT run_id, json_extract(params, '$.traceparent') AS traceparent FROM runs
       WHERE run_id IN (${placeholders(chunk.length)})`,
      ...chunk,
    )) {
      if (typeof row.traceparent === "string") out.set(row.run_id, row.traceparent);
    }
  }
  return out;
}

/** Runs under way now, and runs requested since the start of `now`'s UTC day. */
export function runLoad(sql: SqlStorage, now: Date): { active: number; started_today: number } {
  const day = `${now.toISOString().slice(0, 10)}T00:00:00.000Z`;
  const row = sql
    .exec<{ active: number; today: number }>(
      `SELECT (SELECT COUNT(*) FROM runs WHERE status IN (${ACTIVE.map(() => "?").join(",")})) AS active,
              (SELECT COUNT(*) FROM runs WHERE requested_at >= ?) AS today`,
      ...ACTIVE,
      day,
    )
    .one();
  return { active: row.active, started_today: row.today };
}

/** How many runs for this keyword (by `keywordKey`) are under way: a new one, a rewrite. */
export function activeRunsForKeyword(sql: SqlStorage, keywordKey: string): number {
  return sql
    .exec<{ n: number }>(
      `SELECT COUNT(*) AS n FROM runs WHERE keyword_key = ? AND status IN (${ACTIVE.map(() => "?").join(",")})`,
      keywordKey,
      ...ACTIVE,
    )
    .one().n;
}

/**
 * Runs, newest first (or in the order they were decided, `oldestFirst`); `active`
 * keeps only those not finished.
 */
export function listRuns(
  sql: SqlStorage,
  opts: { limit: number; active?: boolean; correlation_id?: string; oldestFirst?: boolean },
): RunRecord[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (opts.active) {
    // IN rather than NOT IN, so the status index finds the few active runs among many.
    where.push(`status IN (${ACTIVE.map(() => "?").join(",")})`);
    params.push(...ACTIVE);
  }
  if (opts.correlation_id) {
    where.push("correlation_id = ?");
    params.push(opts.correlation_id);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  return sql
    .exec<RunRecord>(
      `SELECT ${COLUMNS} FROM runs ${clause} ORDER BY ${opts.oldestFirst ? "rowid" : "requested_at DESC, rowid DESC"} LIMIT ?`,
      ...params,
      opts.limit,
    )
    .toArray();
}

export function runSteps(sql: SqlStorage, runIds: readonly string[]): RunStep[] {
  // In chunks: a page of runs can name more ids than a statement may bind.
  return chunksOf(runIds)
    .flatMap((chunk) =>
      sql
        .exec<RunStep>(
          `SELECT run_id, step, status, message, first_at, updated_at, attempts, finished_at FROM run_steps
           WHERE run_id IN (${placeholders(chunk.length)})`,
          ...chunk,
        )
        .toArray(),
    )
    .sort((a, b) => a.first_at.localeCompare(b.first_at) || a.step.localeCompare(b.step));
}
