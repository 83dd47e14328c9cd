import { z } from "zod";
import { count, text } from "./fields";

/**
 * The steps of a content run, in order: the names the workflow gives its steps
 * (`workflows/progress.ts` takes them from here), which never change once shipped (a
 * replay finds completed steps by name). A restart names one of them.
 */
export const CONTENT_RUN_STEPS = [
  "fetch research",
  "outline article",
  "draft article",
  "edit article",
  "store article",
  "wait for approval",
  "publish article",
] as const;
export type ContentRunStep = (typeof CONTENT_RUN_STEPS)[number];

/**
 * `POST /api/tenants/:id/runs/:run/restart` (202): the run, the step it restarts from,
 * the steps whose results it keeps, how often it was restarted, and its status now.
 */
export const RunRestarted = z.looseObject({
  run_id: text,
  from: text,
  kept: z.array(text),
  restarts: count,
  status: text,
});
export type RunRestarted = z.infer<typeof RunRestarted>;

/**
 * How the workflow retries each kind of step: `workflows/step-config.ts` builds its step
 * configs from these, and a run's list uses them to say which try a retried step is on.
 * Delays grow as `backoff` says from `delay_seconds`: exponential 2 s, 4 s, 8 s …
 */
export const STEP_RETRIES = {
  /** Reads and writes of other Durable Objects: quick, and worth several tries. */
  call: { limit: 5, delay_seconds: 2, backoff: "exponential" },
  /** Text generation: a real model can be slow and rate-limited. */
  write: { limit: 3, delay_seconds: 5, backoff: "exponential" },
  /** The editor is pure code: one more try covers a crash, more would give the same answer. */
  edit: { limit: 1, delay_seconds: 1, backoff: "constant" },
} as const;
export type StepRetryKind = keyof typeof STEP_RETRIES;

/** Each step that does work, and how it is retried (the approval step waits, it does not try). */
export const CONTENT_RUN_STEP_RETRIES: Readonly<
  Record<Exclude<ContentRunStep, "wait for approval">, StepRetryKind>
> = {
  "fetch research": "call",
  "outline article": "write",
  "draft article": "write",
  "edit article": "edit",
  "store article": "call",
  "publish article": "call",
};
