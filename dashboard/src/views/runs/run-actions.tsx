import { useState } from "react";
import { actOnRun, type RunAction } from "../../api/runs";
import type { Run } from "../../api/schemas";
import { ProblemMessage } from "../../components/problem-message";
import { type Problem, toProblem } from "../../problem";
import { RESTARTABLE, RestartControl } from "./restart-control";
import { RetryButton } from "./retry-button";
import { isFinal } from "./run-list";

/** Runs a person may retry: failed, cancelled or rejected (the API refuses the rest). */
const RETRYABLE = new Set(["errored", "terminated"]);

/** The step at which a content run waits for a person (the workflow's step name). */
export const APPROVAL_STEP = "wait for approval";

/** Whether a run is waiting for someone to approve or reject its article. */
export function awaitsApproval(run: Pick<Run, "status" | "step">): boolean {
  return !isFinal(run) && run.step === APPROVAL_STEP;
}

const LABELS: Record<RunAction, string> = {
  approve: "Approve",
  reject: "Reject",
  cancel: "Cancel run",
};
const DONE: Record<RunAction, string> = {
  approve: "approved",
  reject: "rejected",
  cancel: "cancelled",
};

/**
 * What a person may do to a run: approve or reject its article while it waits for
 * approval, cancel it while it has not finished. The run list re-reads itself when the
 * agent pushes the change; the server's refusal (409), if any, is shown as it came.
 */
export function RunActions({
  run,
  tenantId,
  onDone,
}: {
  /** With its steps (the run list's), a run that ended offers a restart from one of them. */
  run: Pick<Run, "run_id" | "keyword" | "status" | "step"> & { steps?: Run["steps"] };
  tenantId: string;
  onDone?: () => void;
}) {
  const [pending, setPending] = useState<RunAction | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  if (isFinal(run)) {
    // What the person just did stays said, beside what can be done to the run now.
    return (
      <>
        {done ? <span role="status">{done}</span> : null}
        {RETRYABLE.has(run.status) ? (
          <RetryButton run={run} tenantId={tenantId} onDone={onDone} />
        ) : null}
        {RESTARTABLE.has(run.status) && run.steps ? (
          <RestartControl run={{ ...run, steps: run.steps }} tenantId={tenantId} onDone={onDone} />
        ) : null}
      </>
    );
  }

  async function act(action: RunAction) {
    setPending(action);
    setProblem(null);
    try {
      await actOnRun(tenantId, run.run_id, action);
      setDone(`${run.keyword}: ${DONE[action]}`);
      onDone?.();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(null);
    }
  }

  const actions: RunAction[] = awaitsApproval(run) ? ["approve", "reject", "cancel"] : ["cancel"];
  return (
    <span className="run-action-buttons">
      {actions.map((action) => (
        <button
          key={action}
          type="button"
          className={action === "approve" ? "" : action === "reject" ? "danger" : "secondary"}
          disabled={pending !== null}
          onClick={() => act(action)}
          aria-label={`${LABELS[action]}: ${run.keyword}`}
          data-testid={`run-${action}`}
        >
          {pending === action ? "…" : LABELS[action]}
        </button>
      ))}
      <span role="status" className="visually-hidden">
        {done ?? ""}
      </span>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </span>
  );
}
