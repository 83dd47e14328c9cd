import type { Message, MessageContext } from "../../events";
import { stableHash } from "../../events";

/** What a reason says about its subject. */
export type Verdict = "kept" | "dropped" | "due" | "not due" | "note";

/** One explained step of a decision, for the trace and the dashboard. */
export type Reason = {
  verdict: Verdict;
  /** What it is about: a keyword, a research id, "research", "performance". */
  subject: string;
  /** The sentence a person reads: "kept 'budget apps': difficulty 22 < 40, volume 900 > 100". */
  text: string;
};

/** A content run the decision wants started; the shell starts it after the commit. */
export type RunRequest = {
  /** The workflow instance id: deterministic, so a retried decision finds the run it started. */
  run_id: string;
  content_id: string;
  keyword: string;
  research_id: string | null;
  correlation_id: string;
  /** The message the decision answered. */
  causation_id: string;
  /**
   * The W3C trace context the run's messages are sent under: its cause's trace, from its
   * cause's span (what `createMessage` gives a child of the cause). Runs decided before
   * traceparent existed have none.
   */
  traceparent?: string;
  template: string;
  require_approval: boolean;
  social_enabled: boolean;
};

/** The outcome of `decide`: messages to send, runs to start, and why. */
export type Decision = {
  /**
   * What was decided about: "cycle", "research", "refresh"; "publish" (a run's article
   * is ready and is sent to the publisher) and "failure" (a run failed for good) are
   * recorded when a content run reports back; "none" when nothing was.
   */
  kind: "cycle" | "research" | "refresh" | "publish" | "failure" | "none";
  /** One line for lists: "kept 2 of 5 keywords (strategy v3)". */
  summary: string;
  emit: Message[];
  startRuns: RunRequest[];
  reasons: Reason[];
};

/** Ids and time for a decision; never read from the clock inside `decide`. */
export type DecideContext = MessageContext;

export const noDecision: Decision = {
  kind: "none",
  summary: "",
  emit: [],
  startRuns: [],
  reasons: [],
};

/** Whether a decision is worth recording (it said, sent or started something). */
export function isRecorded(decision: Decision): boolean {
  return decision.kind !== "none";
}

/**
 * The workflow instance id of a content run: the tenant (ids are unique per binding
 * across tenants), then a hash of what makes the run unique (the keyword and the
 * chain that asked for it). At most 63 + 1 + 16 = 80 characters, within the 100 allowed.
 */
export function runId(tenantId: string, ...parts: string[]): string {
  return `${tenantId}-${stableHash(parts.join("\u0000"))}`;
}
