import { useState } from "react";
import { retryRun } from "../../api/runs";
import { ProblemMessage } from "../../components/problem-message";
import { type Problem, toProblem } from "../../problem";

/**
 * Retries a run that failed, or was cancelled or rejected: a new run with the same input
 * appears at the top of the list (the agent pushes the change). A refusal (409: retried
 * already) is shown as the server gave it.
 */
export function RetryButton({
  run,
  tenantId,
  onDone,
}: {
  run: { run_id: string; keyword: string };
  tenantId: string;
  onDone?: () => void;
}) {
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);

  async function retry() {
    setPending(true);
    setProblem(null);
    try {
      const answer = await retryRun(tenantId, run.run_id);
      setDone(`${run.keyword}: retried as ${answer.run_id}`);
      onDone?.();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="run-action-buttons">
      <button
        type="button"
        className="secondary"
        disabled={pending || done !== null}
        onClick={retry}
        aria-label={`Retry: ${run.keyword}`}
        data-testid="run-retry"
      >
        {pending ? "…" : "Retry"}
      </button>
      <span role="status" className="visually-hidden">
        {done ?? ""}
      </span>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </span>
  );
}
