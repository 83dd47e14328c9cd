import type { ReactNode } from "react";
import type { Run } from "../../api/schemas";
import { ProgressBar } from "../../components/progress-bar";
import { StatusBadge } from "../../components/status-badge";
import { between, formatClock, formatDateTime } from "../../lib/format";
import { Link } from "../../router/link";
import { StepTimeline } from "./step-timeline";

const FINAL = new Set(["complete", "errored", "terminated"]);

/** Whether nothing more will happen to a run. */
export function isFinal(run: Pick<Run, "status">): boolean {
  return FINAL.has(run.status);
}

type Props = {
  runs: readonly Run[];
  tenantId: string;
  /** Buttons for a run (approve, reject, cancel), when the viewer may act on runs. */
  actions?: (run: Run) => ReactNode;
};

/**
 * Content runs, newest first: status, live progress and current step, how long they
 * took, and each run's step timeline when opened.
 */
export function RunList({ runs, tenantId, actions }: Props) {
  return (
    <ul className="runs">
      {runs.map((run) => (
        <li
          key={run.run_id}
          className="run"
          data-testid={`run-${run.run_id}`}
          data-status={run.status}
        >
          <div className="run-head">
            <span className="run-keyword">{run.keyword}</span>
            <StatusBadge status={run.status} testId="run-status" />
            <ProgressBar
              value={run.percent}
              label={`${run.keyword} progress`}
              testId="run-progress"
            />
            <span className="muted run-step">
              {run.step ?? (isFinal(run) ? "" : "waiting to start")}
            </span>
            <span className="run-actions">{actions?.(run)}</span>
          </div>
          <p className="muted run-meta">
            asked{" "}
            <time dateTime={run.requested_at} title={formatDateTime(run.requested_at)}>
              {formatClock(run.requested_at)}
            </time>
            {run.started_at
              ? ` · ran ${between(run.started_at, run.completed_at ?? run.updated_at)}`
              : ""}
            {run.retry_of ? ` · retries ${run.retry_of}` : ""}
            {run.restarts > 0
              ? ` · restarted from ${run.restarted_from ?? "a step"}${run.restarts > 1 ? ` (${run.restarts} times)` : ""}`
              : ""}
            {" · "}
            <Link
              to={`/trace/${encodeURIComponent(run.correlation_id)}?tenant=${encodeURIComponent(tenantId)}`}
            >
              trace
            </Link>
          </p>
          {run.waiting ? (
            <p className="run-waiting" data-testid="run-waiting" data-reason={run.waiting.reason}>
              Waiting since {formatClock(run.waiting.since)}: {run.waiting.text}
            </p>
          ) : null}
          {run.error ? <p className="field-error">{run.error}</p> : null}
          <details>
            <summary>Steps ({run.steps.length})</summary>
            <StepTimeline steps={run.steps} />
          </details>
        </li>
      ))}
    </ul>
  );
}
