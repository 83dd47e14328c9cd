import { CONTENT_RUN_STEP_RETRIES, STEP_RETRIES } from "../../events";
import { APPROVAL_STEP } from "./run-actions";
import type { RunHold } from "./run-hold";
import { FINAL_RUN_STATUSES, type RunRecord, type RunStep } from "./run-store";

/** Why a run is not moving: a machine-readable reason, a sentence, and since when. */
export type RunWaiting = { reason: string; text: string; since: string };

/**
 * Why this run stands still, or null while it moves or once it ended (pure: the caller
 * reads the run, its steps and the tenant's hold):
 * - `budget` / `paused`: asked for, held with the tenant's new runs (run-hold.ts);
 * - `not_started`: asked for, and the workflow engine refused to start it (the error);
 * - `starting`: asked for, its start not answered yet;
 * - `approval`: at the approval step, waiting for a person since the step began;
 * - `retrying`: a step failed and the workflow tries it again (which try, of how many).
 */
export function runWaiting(
  run: Pick<RunRecord, "status" | "step" | "error" | "requested_at" | "updated_at">,
  steps: readonly RunStep[],
  hold: RunHold | null,
): RunWaiting | null {
  if (FINAL_RUN_STATUSES.includes(run.status)) return null;
  if (run.status === "requested") {
    if (hold) return { reason: hold.reason, text: hold.text, since: hold.since };
    if (run.error) {
      return {
        reason: "not_started",
        text: `Asked for at ${run.requested_at}; the workflow engine did not start it (${run.error}). The agent tries again every few seconds.`,
        since: run.requested_at,
      };
    }
    return {
      reason: "starting",
      text: `Asked for at ${run.requested_at}; waiting for the workflow engine to start it.`,
      since: run.requested_at,
    };
  }
  const current = steps.find((s) => s.step === run.step);
  if (run.step === APPROVAL_STEP) {
    const since = current?.first_at ?? run.updated_at;
    return {
      reason: "approval",
      text: `Waiting for approval since ${since}: the tenant's strategy asks a person to approve each article before it is published (require_approval). Approve or reject it.`,
      since,
    };
  }
  if (current?.status === "retrying") {
    const kind = CONTENT_RUN_STEP_RETRIES[current.step as keyof typeof CONTENT_RUN_STEP_RETRIES];
    const policy = kind ? STEP_RETRIES[kind] : null;
    const of = policy ? ` of ${policy.limit + 1}` : "";
    const spacing = policy
      ? `; tries are ${policy.delay_seconds} s apart${policy.backoff === "exponential" ? ", doubling each time" : ""}`
      : "";
    return {
      reason: "retrying",
      text: `Step "${current.step}" failed and is being tried again: attempt ${current.attempts}${of}${spacing}.`,
      since: current.updated_at,
    };
  }
  return null;
}
