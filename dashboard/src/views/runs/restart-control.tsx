import { useId, useState } from "react";
import { CONTENT_RUN_STEPS } from "../../../../events";
import { restartRun } from "../../api/runs";
import type { Run } from "../../api/schemas";
import { ProblemMessage } from "../../components/problem-message";
import { type Problem, toProblem } from "../../problem";

/** Runs a person may restart from a step: any that ended (the API refuses the rest). */
export const RESTARTABLE = new Set(["errored", "terminated", "complete"]);

/**
 * The steps a run can be restarted from: those it reached, in the run's order. The one it
 * stopped at comes first selected (a failed run is restarted from where it failed).
 */
export function restartSteps(run: Pick<Run, "steps">): string[] {
  const reached = new Set(run.steps.map((s) => s.step));
  return CONTENT_RUN_STEPS.filter((step) => reached.has(step));
}

/**
 * "Restart from…": a step select and a button. The run goes on from that step with the
 * results of the steps before it kept; the agent pushes the change, so the list shows it
 * moving again. A refusal (409, 400) is shown as the server gave it.
 */
export function RestartControl({
  run,
  tenantId,
  onDone,
}: {
  run: Pick<Run, "run_id" | "keyword" | "step" | "steps">;
  tenantId: string;
  onDone?: () => void;
}) {
  const steps = restartSteps(run);
  const initial = run.step && steps.includes(run.step) ? run.step : (steps.at(-1) ?? "");
  const [from, setFrom] = useState(initial);
  const [pending, setPending] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const selectId = useId();
  if (steps.length === 0) return null;

  async function restart() {
    setPending(true);
    setProblem(null);
    try {
      const answer = await restartRun(tenantId, run.run_id, from);
      setDone(`${run.keyword}: restarted from ${answer.from}`);
      onDone?.();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(false);
    }
  }

  return (
    <span className="run-action-buttons run-restart">
      <label htmlFor={selectId} className="visually-hidden">
        Step to restart {run.keyword} from
      </label>
      <select
        id={selectId}
        value={from}
        onChange={(event) => setFrom(event.target.value)}
        disabled={pending || done !== null}
        data-testid="run-restart-step"
      >
        {steps.map((step) => (
          <option key={step} value={step}>
            {step}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="secondary"
        disabled={pending || done !== null}
        onClick={restart}
        aria-label={`Restart from the chosen step: ${run.keyword}`}
        data-testid="run-restart"
      >
        {pending ? "…" : "Restart from…"}
      </button>
      <span role="status" className="visually-hidden" data-testid="run-restart-status">
        {done ?? ""}
      </span>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </span>
  );
}
