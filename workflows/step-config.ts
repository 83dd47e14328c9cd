import type { WorkflowStepConfig } from "cloudflare:workers";
import {
  CONTENT_RUN_STEP_RETRIES,
  type ContentRunStep,
  STEP_RETRIES,
  type StepRetryKind,
} from "../events";

// Retries per kind of step come from the run protocol (`STEP_RETRIES` in events/), so the
// runs list can say which try a step is on; timeouts are the workflow's own.

function retried(kind: StepRetryKind, timeout: WorkflowStepConfig["timeout"]) {
  const { limit, delay_seconds, backoff } = STEP_RETRIES[kind];
  return {
    retries: { limit, delay: `${delay_seconds} seconds`, backoff },
    timeout,
  } satisfies WorkflowStepConfig;
}

/** Reads and writes of other Durable Objects: quick, and worth several tries. */
const CALL_STEP = retried("call", "30 seconds");

/** Text generation: a real model can be slow and rate-limited. */
const WRITE_STEP = retried("write", "3 minutes");

/** The editor is pure code: one more try covers a crash, more would give the same answer. */
const EDIT_STEP = retried("edit", "30 seconds");

const BY_KIND = { call: CALL_STEP, write: WRITE_STEP, edit: EDIT_STEP } as const;

/** The config of one of the run's working steps, as the run protocol names its kind. */
export function stepConfig(step: Exclude<ContentRunStep, "wait for approval">) {
  return BY_KIND[CONTENT_RUN_STEP_RETRIES[step]];
}

/** Recording a failure must outlast a short outage of the agent. */
export const RECORD_FAILURE_STEP = {
  retries: { limit: 10, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
} satisfies WorkflowStepConfig;

/** How long a run waits for a person to approve its article. */
export const APPROVAL_TIMEOUT = "7 days";
