import { z } from "zod";
import { anyJson, count, maybeCount, maybeText, text } from "./fields";

/** One applied event as the tenant's timeline shows it, its payload decoded. */
export const EventLogEntry = z.looseObject({
  /** Ordered like arrival; the cursor of a page (`before`). */
  seq: count,
  event_id: text,
  type: text,
  source: text,
  timestamp: text,
  correlation_id: maybeText,
  causation_id: maybeText,
  /** W3C trace context; null for a message from before it existed or an older server. */
  traceparent: maybeText.default(null),
  payload: anyJson,
  applied_at: text,
});
export type EventLogEntry = z.infer<typeof EventLogEntry>;

/**
 * `GET /api/events?tenant=`: the tenant's event log, newest first, a page at a time;
 * `next_before` is the next (older) page's `before`, null on the last page.
 */
export const EventLogPage = z.object({
  events: z.array(EventLogEntry),
  next_before: maybeCount.default(null),
});
export type EventLogPage = z.infer<typeof EventLogPage>;

/**
 * `POST /api/events` (202): every message was enqueued; their ids, in the order sent.
 * `trace_id` is the request's trace: the `traceparent` header's, or one minted at ingest,
 * which every message without a traceparent of its own joined; `trace_ids` is each
 * message's, in the same order.
 */
export const IngestAccepted = z.object({
  accepted: count,
  event_ids: z.array(text),
  trace_id: text,
  trace_ids: z.array(text),
});
export type IngestAccepted = z.infer<typeof IngestAccepted>;
