import type { WorkflowInfo } from "agents/workflows";
import { readRunHold } from "./run-hold";
import { listRuns, type RunRecord, type RunStep, runSteps } from "./run-store";

/** A content run as `GET /api/tenants/:id/runs` lists it. */
export type RunView = RunRecord & {
  /** The workflow engine's own status, when the run is tracked (queued, running, complete, …). */
  workflow_status: string | null;
  steps: RunStep[];
  /**
   * Why a run that was asked for has not started: `budget` while the tenant's new runs
   * are held (run-hold.ts), with the sentence and since when; null otherwise.
   */
  waiting: { reason: string; text: string; since: string } | null;
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
  const byId = new Map(tracked.map((w) => [w.workflowId, w]));
  const hold = readRunHold(sql);
  const runs = listRuns(sql, { limit });
  const steps = runSteps(
    sql,
    runs.map((r) => r.run_id),
  );
  return runs.map((run) => {
    const info = byId.get(run.run_id);
    const engine = info?.status ?? null;
    const status = engine === "terminated" || engine === "paused" ? engine : run.status;
    return {
      ...run,
      status,
      workflow_status: engine,
      completed_at: run.completed_at ?? info?.completedAt?.toISOString() ?? null,
      steps: steps.filter((s) => s.run_id === run.run_id),
      waiting:
        hold && status === "requested"
          ? { reason: hold.reason, text: hold.text, since: hold.since }
          : null,
    };
  });
}
