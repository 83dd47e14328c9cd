import { z } from "zod";
import { stableHash } from "./stable-hash";

// W3C Trace Context (https://www.w3.org/TR/trace-context/) on the envelope. A message's
// `traceparent` names its trace and the span it was sent from, its parent, just as the
// HTTP header names the caller's span. The message's own span id is derived from its
// event_id (`spanIdOf`): it needs no field, and every hop, log line and trace view
// computes the same one. A message made from a cause is sent from the cause's span.

/** What `traceparent` must look like, in the words of every error about it. */
export const TRACEPARENT_FORM =
  "00-<32 lowercase hex trace id>-<16 lowercase hex parent span id>-<2 lowercase hex flags>";

const VERSION_00 = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
/** The four fields every version starts with (a later version may add more after a `-`). */
const ANY_VERSION = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(?:-.*)?$/s;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);
/** Sampled: the platform keeps every hop, so the traces it starts are recorded. */
const SAMPLED = "01";
// Seeds keep the hashes of one id apart: its span, the span a trace it opens starts
// from, and the two halves of a trace id named after a chain that is not a UUID.
const SPAN_SEED = 0x7370616e;
const ORIGIN_SEED = 0x6f726967;

/** One traceparent's fields. */
export type TraceContext = { trace_id: string; parent_span_id: string; flags: string };

/** What a message made from another needs of it: its id, its chain, its traceparent. */
export type TraceCause = { event_id: string; correlation_id?: string; traceparent?: string };

/** Where one message (or run) sits in its trace: what logs and the trace view show. */
export type TracePosition = {
  trace_id: string | null;
  span_id: string;
  parent_span_id: string | null;
};

/** Why a value is not a version-00 traceparent, or null when it is one. */
export function traceparentProblem(value: string): string | null {
  const match = VERSION_00.exec(value);
  if (!match) return `traceparent must be ${TRACEPARENT_FORM}`;
  if (match[1] === ZERO_TRACE) return "traceparent's trace id must not be all zeros";
  if (match[2] === ZERO_SPAN) return "traceparent's parent span id must not be all zeros";
  return null;
}

/** The envelope's field: a version-00 traceparent, both ids non-zero. */
export const Traceparent = z
  .string()
  .superRefine((value, ctx) => {
    // One check, one message: a malformed value is not also reported as all zeros.
    const problem = traceparentProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  // What the OpenAPI document shows (a refinement has no JSON Schema of its own).
  .meta({
    description: `W3C trace context: ${TRACEPARENT_FORM}, neither id all zeros`,
    pattern: VERSION_00.source,
  });

export function parseTraceparent(value: string): TraceContext | null {
  if (traceparentProblem(value) !== null) return null;
  return {
    trace_id: value.slice(3, 35),
    parent_span_id: value.slice(36, 52),
    flags: value.slice(53),
  };
}

export function formatTraceparent(context: TraceContext): string {
  return `00-${context.trace_id}-${context.parent_span_id}-${context.flags}`;
}

/**
 * Reads a `traceparent` request header as the W3C recommendation tells a receiver to:
 * surrounding spaces dropped, a version after 00 read by the four fields it starts with
 * (and sent on as 00), version ff refused. An id of all zeros is refused too.
 */
export function traceparentFromHeader(
  header: string,
): { ok: true; traceparent: string } | { ok: false; message: string } {
  const value = header.trim();
  const match = ANY_VERSION.exec(value);
  const version = match?.[1];
  if (!match || version === "ff" || (version === "00" && value.length !== 55)) {
    return { ok: false, message: `traceparent must be ${TRACEPARENT_FORM}` };
  }
  const traceparent = formatTraceparent({
    trace_id: match[2] ?? "",
    parent_span_id: match[3] ?? "",
    flags: match[4] ?? "",
  });
  const problem = traceparentProblem(traceparent);
  return problem ? { ok: false, message: problem } : { ok: true, traceparent };
}

/** The span id of the message (or run) with this id: a hash of the id, never all zeros. */
export function spanIdOf(id: string): string {
  return nonZero(stableHash(id, SPAN_SEED));
}

/**
 * A trace id named after a chain: a UUID's own 32 hex digits, so the trace of a chain the
 * platform opened reads as its correlation id without the dashes; any other id hashed.
 */
export function traceIdFor(chain: string): string {
  const hex = UUID.test(chain) ? chain.replaceAll("-", "").toLowerCase() : "";
  if (hex !== "" && hex !== ZERO_TRACE) return hex;
  return stableHash(chain, 1) + nonZero(stableHash(chain, 2));
}

/**
 * The traceparent of a message made from `cause`: the cause's trace and flags, sent from
 * the cause's span. A cause from before traceparent existed (a stored letter redriven)
 * still gives its children one trace: the one named after their chain.
 */
export function childTraceparent(cause: TraceCause, chain: string): string {
  const parent = cause.traceparent === undefined ? null : parseTraceparent(cause.traceparent);
  return formatTraceparent({
    trace_id: parent?.trace_id ?? traceIdFor(chain),
    parent_span_id: spanIdOf(cause.event_id),
    flags: parent?.flags ?? SAMPLED,
  });
}

/**
 * The traceparent of a message with no cause that opens a trace of its own (a cycle the
 * agent starts): the trace named after its chain, sent from a span that stands for
 * whatever asked for it (nothing exports that span).
 */
export function rootTraceparent(eventId: string, chain: string): string {
  return formatTraceparent({
    trace_id: traceIdFor(chain),
    parent_span_id: nonZero(stableHash(eventId, ORIGIN_SEED)),
    flags: SAMPLED,
  });
}

/** A fresh random trace and parent span: ingest, when the request brought no traceparent. */
export function mintTraceparent(): string {
  for (;;) {
    const bytes = crypto.getRandomValues(new Uint8Array(24));
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
    const traceparent = formatTraceparent({
      trace_id: hex.slice(0, 32),
      parent_span_id: hex.slice(32),
      flags: SAMPLED,
    });
    // All zeros is a chance of 2^-64 per try: try again rather than send an invalid one.
    if (traceparentProblem(traceparent) === null) return traceparent;
  }
}

/**
 * A message's (or run's) place in its trace: its trace and parent from its traceparent
 * (null for a message from before traceparent existed), its own span from its id.
 */
export function traceOf(hop: { id: string; traceparent?: string | null }): TracePosition {
  const context = hop.traceparent ? parseTraceparent(hop.traceparent) : null;
  return {
    trace_id: context?.trace_id ?? null,
    span_id: spanIdOf(hop.id),
    parent_span_id: context?.parent_span_id ?? null,
  };
}

/**
 * The traceparent to send on an HTTP request made for a hop (a run's call to a model
 * endpoint): the hop's trace, with the hop's own span as the callee's parent.
 */
export function outgoingTraceparent(hop: {
  id: string;
  traceparent?: string | null;
}): string | null {
  const context = hop.traceparent ? parseTraceparent(hop.traceparent) : null;
  if (!context) return null;
  return formatTraceparent({ ...context, parent_span_id: spanIdOf(hop.id) });
}

function nonZero(span: string): string {
  return span === ZERO_SPAN ? "0000000000000001" : span;
}
