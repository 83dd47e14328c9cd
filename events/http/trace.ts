import { z } from "zod";
import { anyJson, count, maybeCount, maybeText, text } from "./fields";

const entry = {
  /** event_id, decision id, run id, or `<run id>/<step>`. */
  id: text,
  /** The entry that caused this one, when it is part of the trace. */
  parent: maybeText,
  /** When it happened (sent, decided, requested, first reported). */
  at: text,
  /** Its depth in the causal tree. */
  depth: count,
};

/**
 * Where a hop sits in its W3C trace (events/trace-context.ts): its trace, its own span
 * (derived from its id) and the span it was sent from, its cause's. Null for a message
 * from before traceparent existed; an older server leaves them out.
 */
const tracePosition = {
  trace_id: maybeText.default(null),
  span_id: maybeText.default(null),
  parent_span_id: maybeText.default(null),
};

/** What a decision's reason says about its subject. */
export const Verdict = z.enum(["kept", "dropped", "due", "not due", "note"]);
export type Verdict = z.infer<typeof Verdict>;

/** A message delivered to the agent ("in") or sent by its decision ("out"). */
export const TraceMessage = z.looseObject({
  ...entry,
  kind: z.literal("message"),
  type: text,
  source: text,
  direction: z.enum(["in", "out"]),
  /** For "out": whether the outbox has sent it yet. */
  delivery: z.enum(["applied", "sent", "pending"]),
  correlation_id: maybeText,
  causation_id: maybeText,
  ...tracePosition,
  payload: anyJson,
});

/** A decision, with the reason for everything it kept, dropped or found due. */
export const TraceDecision = z.looseObject({
  ...entry,
  kind: z.literal("decision"),
  decision_kind: text,
  summary: text,
  strategy_version: count,
  reasons: z.array(z.looseObject({ verdict: Verdict, subject: text, text })),
});

export const TraceRun = z.looseObject({
  ...entry,
  kind: z.literal("run"),
  keyword: text,
  content_id: text,
  status: text,
  step: maybeText,
  percent: maybeCount,
  error: maybeText,
  started_at: maybeText,
  completed_at: maybeText,
  /** The run's span is the parent of the HTTP calls it makes (a model endpoint's). */
  ...tracePosition,
});

export const TraceStep = z.looseObject({
  ...entry,
  kind: z.literal("step"),
  run_id: text,
  step: text,
  status: text,
  message: maybeText,
  updated_at: text,
});

export const TraceEntry = z.discriminatedUnion("kind", [
  TraceMessage,
  TraceDecision,
  TraceRun,
  TraceStep,
]);
export type TraceEntry = z.infer<typeof TraceEntry>;

/**
 * `GET /api/trace/:correlation_id?tenant=`: every message, decision, run and step of one
 * chain, in causal order.
 */
export const Trace = z.object({
  correlation_id: text,
  tenant_id: text,
  entries: z.array(TraceEntry),
});
export type Trace = z.infer<typeof Trace>;
