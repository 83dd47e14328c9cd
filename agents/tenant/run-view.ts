import type { WorkflowInfo } from "agents/workflows";
import { readRunHold } from "./run-hold";
import { listRuns, type RunRecord, type RunStep, runSteps } from "./run-store";
import { type RunWaiting, runWaiting } from "./run-waiting";

/** A content run as `GET /api/tenants/:id/runs` lists it. */
export type RunView = RunRecord & {
  /** The workflow engine's own status, when the run is tracked (queued, running, complete, …). */
  workflow_status: string | null;
  steps: RunStep[];
  /** Why the run stands still (run-waiting.ts), with a sentence and since when; null while it moves. */
  waiting: RunWaiting | null;
};

/**
 * The agent's runs, newest first, joined with the Agents SDK's workflow tracking: the
 * engine's status wins where it is more final (a run terminated by an operator), the
 * agent's record supplies the keyword, chain, current step and progress.
 */
export function readRuns(
  sql: SqlStorage,
  tracked: readonly WorkflowInfo[],
  limit: number,
): RunView[] {
  return viewRuns(sql, tracked, listRuns(sql, { limit }));
}

/** These runs as the list shows them: the engine's status, their steps, why one waits. */
export function viewRuns(
  sql: SqlStorage,
  tracked: readonly WorkflowInfo[],
  runs: readonly RunRecord[],
): RunView[] {
  const byId = new Map(tracked.map((w) => [w.workflowId, w]));
  const hold = readRunHold(sql);
  const steps = runSteps(
    sql,
    runs.map((r) => r.run_id),
  );
  return runs.map((run) => {
    const info = byId.get(run.run_id);
    const own = steps.filter((s) => s.run_id === run.run_id);
    const engine = info?.status ?? null;
    const status = engine === "terminated" || engine === "paused" ? engine : run.status;
    return {
      ...run,
      status,
      workflow_status: engine,
      completed_at: run.completed_at ?? info?.completedAt?.toISOString() ?? null,
      steps: own,
      waiting: runWaiting({ ...run, status }, own, hold),
    };
  });
}
