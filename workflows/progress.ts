import { CONTENT_RUN_STEPS, type ContentRunStep } from "../events";

/**
 * The steps of a content run, in order. A step's name never changes once shipped: a
 * replay finds completed steps by name, so renaming one would redo its work.
 */
export const CONTENT_STEPS = CONTENT_RUN_STEPS;
export type ContentStep = ContentRunStep;

/** Where a failure is reported when it happens before the first step. */
export const BEFORE_FIRST_STEP = "start";

/**
 * What a run reports to its agent as it goes. `seq` is fixed by the step's position,
 * so a replayed report carries the same number and the agent applies each only once
 * (reportProgress is not durable and fires again on replay).
 */
export type ContentProgress = {
  seq: number;
  step: ContentStep;
  status: "running" | "waiting" | "done";
  /** 0 to 1. */
  percent: number;
  /** On a retry: which try of the step this is (2, 3, …); first tries leave it out. */
  attempt?: number;
  /** On "done": when the step's body finished, from its stored result (a replay repeats it). */
  finished_at?: string;
};

export function progressOf(step: ContentStep, status: ContentProgress["status"]): ContentProgress {
  const index = CONTENT_STEPS.indexOf(step);
  const done = status === "done";
  return {
    seq: index * 2 + (done ? 2 : 1),
    step,
    status,
    percent: Math.round(((index + (done ? 1 : 0)) / CONTENT_STEPS.length) * 100) / 100,
  };
}
