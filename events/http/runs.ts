import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";

/** One step of a content run, as the workflow's progress reported it. */
export const RunStep = z.looseObject({
  run_id: text,
  step: text,
  status: text,
  message: maybeText,
  first_at: text,
  updated_at: text,
  /** Tries of the step so far: 1, or more when it failed and was retried. */
  attempts: count.default(1),
  /** When the step's body finished, as the workflow's stored step result says. */
  finished_at: maybeText.default(null),
});
export type RunStep = z.infer<typeof RunStep>;

/**
 * Why something is not moving (a run, an outbox, a held delivery, a letter): a
 * machine-readable reason, a sentence to show beside it, and since when.
 */
export const Waiting = z.object({ reason: text, text, since: text });
export type Waiting = z.infer<typeof Waiting>;

/** Why a run is not moving (the same shape as every other wait). */
export const RunWaiting = Waiting;
export type RunWaiting = Waiting;

/** A content run, joined with the workflow engine's own status and the run's steps. */
export const Run = z.looseObject({
  run_id: text,
  content_id: text,
  keyword: text,
  research_id: maybeText,
  correlation_id: text,
  decision_id: text,
  /** requested, started, running, waiting, complete, errored, terminated, … */
  status: text,
  step: maybeText,
  /** 0–1, as the workflow reports it. */
  percent: maybeCount,
  error: maybeText,
  requested_at: text,
  started_at: maybeText,
  updated_at: text,
  completed_at: maybeText,
  /** The workflow engine's own status, when the run is tracked (queued, running, complete, …). */
  workflow_status: maybeText,
  steps: z.array(RunStep),
  /** Why an asked-for run has not started (e.g. `budget`: the tenant's new runs are held). */
  waiting: RunWaiting.nullable().default(null),
  /** The failed run this one retries; null for a run a decision asked for. */
  retry_of: maybeText.default(null),
  /** How often the run was restarted from a step, and the last step it restarted from. */
  restarts: count.default(0),
  restarted_from: maybeText.default(null),
});
export type Run = z.infer<typeof Run>;

/** `POST /api/tenants/:id/runs/:run/retry`: the new run, the run it retries, and its status. */
export const RunRetried = z.looseObject({ run_id: text, retry_of: text, status: text });
export type RunRetried = z.infer<typeof RunRetried>;

/** `GET /api/tenants/:id/runs`: newest first; `next_cursor` asks for the next (older) page. */
export const RunList = z.object({ runs: z.array(Run), next_cursor: maybeText.default(null) });
export type RunList = z.infer<typeof RunList>;

/** What a person may do to a run: approve or reject its article, or cancel it. */
export const RUN_ACTIONS = ["approve", "reject", "cancel"] as const;

/** `POST /api/tenants/:id/runs/:run/{approve,reject,cancel}`: the action taken and the run's status. */
export const RunActionResult = z.object({
  run_id: text,
  action: z.enum(RUN_ACTIONS),
  status: text,
});
export type RunActionResult = z.infer<typeof RunActionResult>;

/** `POST /api/tenants/:id/cycle` (202): the chain the cycle opened, which the trace follows. */
export const CycleAccepted = z.object({ accepted: z.literal(true), correlation_id: text });
export type CycleAccepted = z.infer<typeof CycleAccepted>;
