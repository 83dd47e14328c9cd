import type { WorkflowStepConfig } from "cloudflare:workers";

// Retries and timeouts per kind of step. Delays grow exponentially: 2 s, 4 s, 8 s ...

/** Reads and writes of other Durable Objects: quick, and worth several tries. */
export const CALL_STEP = {
  retries: { limit: 5, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
} satisfies WorkflowStepConfig;

/** Text generation: a real model can be slow and rate-limited. */
export const WRITE_STEP = {
  retries: { limit: 3, delay: "5 seconds", backoff: "exponential" },
  timeout: "3 minutes",
} satisfies WorkflowStepConfig;

/** The editor is pure code: one more try covers a crash, more would give the same answer. */
export const EDIT_STEP = {
  retries: { limit: 1, delay: "1 second", backoff: "constant" },
  timeout: "30 seconds",
} satisfies WorkflowStepConfig;

/** Recording a failure must outlast a short outage of the agent. */
export const RECORD_FAILURE_STEP = {
  retries: { limit: 10, delay: "2 seconds", backoff: "exponential" },
  timeout: "30 seconds",
} satisfies WorkflowStepConfig;

/** How long a run waits for a person to approve its article. */
export const APPROVAL_TIMEOUT = "7 days";
