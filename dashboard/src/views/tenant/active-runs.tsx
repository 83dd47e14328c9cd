import type { ActiveRun } from "../../../../events/tenant-state";
import { ProgressBar } from "../../components/progress-bar";
import { StatusBadge } from "../../components/status-badge";
import { RunActions } from "../runs/run-actions";

/**
 * The runs that have not finished, as the agent pushes them: status, step, progress,
 * and the buttons to approve, reject or cancel them.
 */
export function ActiveRuns({ runs, tenantId }: { runs: readonly ActiveRun[]; tenantId: string }) {
  if (runs.length === 0) return <p className="muted">No run in progress.</p>;
  return (
    <ul className="active-runs">
      {runs.map((run) => (
        <li key={run.run_id} data-testid={`active-run-${run.run_id}`}>
          <span className="run-keyword">{run.keyword}</span>
          <StatusBadge status={run.status} />
          <span className="muted">{run.step ?? "not started"}</span>
          <ProgressBar value={run.percent} label={`${run.keyword} progress`} />
          <RunActions run={run} tenantId={tenantId} />
        </li>
      ))}
    </ul>
  );
}
