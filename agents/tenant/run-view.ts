import type { WorkflowInfo } from "agents/workflows";
import { listRuns, type RunRecord, type RunStep, runSteps } from "./run-store";

/** A content run as `GET /api/tenants/:id/runs` lists it. */
export type RunView = RunRecord & {
  /** The workflow engine's own status, when the run is tracked (queued, running, complete, …). */
  workflow_status: string | null;
  steps: RunStep[];
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
    };
  });
}
