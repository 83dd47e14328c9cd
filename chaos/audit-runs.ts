import type { Finding } from "./audit";
import type { Run, TenantSnapshot } from "./reads";

/** Statuses after which nothing more happens to a run. */
export const FINAL_RUN = new Set(["complete", "errored", "terminated"]);

/** Every run the agents started ended: complete, or failed with a recorded reason. */
export function checkRuns(snapshots: ReadonlyMap<string, TenantSnapshot>): Finding[] {
  const findings: Finding[] = [];
  for (const snap of snapshots.values()) {
    for (const run of snap.runs) {
      if (!FINAL_RUN.has(run.status)) {
        findings.push({
          check: "run ended",
          tenant: snap.tenant,
          detail: `run ${run.run_id} ('${run.keyword}') is still ${run.status} at step ${run.step ?? "none"} (workflow: ${run.workflow_status ?? "untracked"})`,
        });
      } else if (run.status !== "complete" && !run.error) {
        findings.push({
          check: "run failure reason",
          tenant: snap.tenant,
          detail: `run ${run.run_id} ended ${run.status} without a reason`,
        });
      }
    }
  }
  return findings;
}

export type ResumeFigures = {
  /** Runs under way when the runtime was killed. */
  under_way: number;
  /** Of those, the ones that ended after the restart having redone no finished step. */
  resumed: number;
  /** Steps finished before the kill and kept (not run again) by the resumed runs. */
  steps_kept: number;
};

/**
 * Runs under way at the kill went on after the restart from the step they were in, not
 * from the start: every step that had finished before the kill still shows the time it
 * finished then (the workflow's stored step results; a step run again would show a new
 * time), and the run ended after the restart.
 */
export function checkResumed(
  before: ReadonlyMap<string, readonly Run[]>,
  snapshots: ReadonlyMap<string, TenantSnapshot>,
  times: { killedAt: string; restartedAt: string },
): { findings: Finding[]; figures: ResumeFigures } {
  const { killedAt, restartedAt } = times;
  const findings: Finding[] = [];
  const figures: ResumeFigures = { under_way: 0, resumed: 0, steps_kept: 0 };
  for (const [tenant, runs] of before) {
    const now = new Map((snapshots.get(tenant)?.runs ?? []).map((r) => [r.run_id, r]));
    for (const run of runs) {
      if (FINAL_RUN.has(run.status)) continue;
      const after = now.get(run.run_id);
      // It ended between the last look and the kill: it was not under way after all.
      if (after?.completed_at && after.completed_at < killedAt) continue;
      figures.under_way++;
      if (!after || !FINAL_RUN.has(after.status)) continue; // "runs ended" reports it
      const redone: string[] = [];
      let kept = 0;
      for (const step of run.steps) {
        if (step.finished_at === null) continue;
        const later = after.steps.find((s) => s.step === step.step)?.finished_at ?? null;
        if (later === step.finished_at) kept++;
        else redone.push(`'${step.step}' (finished ${step.finished_at}, then ${later ?? "never"})`);
      }
      const endedAfter = after.completed_at !== null && after.completed_at > restartedAt;
      if (redone.length > 0) {
        findings.push({
          check: "resumed",
          tenant,
          detail: `run ${run.run_id} ran again steps it had finished before the kill: ${redone.join(", ")}`,
        });
      } else if (!endedAfter) {
        findings.push({
          check: "resumed",
          tenant,
          detail: `run ${run.run_id} did not go on after the restart (ended ${after.completed_at ?? "never"}, restart ${restartedAt})`,
        });
      } else {
        figures.resumed++;
        figures.steps_kept += kept;
      }
    }
  }
  return { findings, figures };
}
