import type { RunStep } from "../../api/schemas";
import { StatusBadge } from "../../components/status-badge";
import { between, formatClock, formatDateTime } from "../../lib/format";

/**
 * A run's steps in the order they started: when each began, how long until its last
 * report, how often it was tried, and what it said.
 */
export function StepTimeline({ steps }: { steps: readonly RunStep[] }) {
  if (steps.length === 0) return <p className="muted">No step has reported yet.</p>;
  const ordered = [...steps].sort((a, b) => a.first_at.localeCompare(b.first_at));
  return (
    <ol className="timeline" aria-label="Steps">
      {ordered.map((step) => {
        const retries = Math.max(0, step.attempts - 1);
        return (
          <li key={step.step} data-testid="run-step" data-status={step.status}>
            <span className="timeline-dot" data-tone={step.status} aria-hidden="true" />
            <div>
              <p className="timeline-title">
                <strong>{step.step}</strong> <StatusBadge status={step.status} />
                {retries ? (
                  <span className="badge" data-tone="wait" data-testid="step-retries">
                    {retries} {retries === 1 ? "retry" : "retries"}
                  </span>
                ) : null}
              </p>
              <p className="muted">
                <time dateTime={step.first_at} title={formatDateTime(step.first_at)}>
                  {formatClock(step.first_at)}
                </time>{" "}
                · {between(step.first_at, step.updated_at)}
                {step.message ? ` · ${step.message}` : ""}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
