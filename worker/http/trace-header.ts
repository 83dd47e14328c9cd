import {
  type Message,
  mintTraceparent,
  parseTraceparent,
  traceparentFromHeader,
} from "../../events";
import { badRequest } from "../../platform/http/problem";

/** The W3C trace an ingest request joins, and the span it was sent from. */
export type RequestTrace = { traceparent: string; trace_id: string; parent_span_id: string };

/**
 * The trace of a request: its `traceparent` header's (the caller's span is the parent of
 * what the request sends), else a fresh one minted here. A malformed header is refused
 * with a 400 naming it, like a malformed envelope field: a caller that means to join a
 * trace learns at once that it did not.
 */
export function requestTrace(header: string | undefined): RequestTrace {
  let traceparent: string;
  if (header === undefined) traceparent = mintTraceparent();
  else {
    const read = traceparentFromHeader(header);
    if (!read.ok)
      throw badRequest("The traceparent header is not W3C trace context; nothing was accepted.", [
        { path: "traceparent", message: read.message },
      ]);
    traceparent = read.traceparent;
  }
  // Both branches give a valid traceparent, so it always parses.
  const context = parseTraceparent(traceparent);
  return {
    traceparent,
    trace_id: context?.trace_id ?? "",
    parent_span_id: context?.parent_span_id ?? "",
  };
}

/** Every message that brought no traceparent of its own joins the request's trace. */
export function joinTrace(messages: readonly Message[], trace: RequestTrace): Message[] {
  return messages.map((m) => (m.traceparent ? m : { ...m, traceparent: trace.traceparent }));
}
