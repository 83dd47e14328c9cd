import type { FieldError } from "./field-errors";
import type { BatchItemError } from "./parse";

/** How far ahead of the receiver's clock a message's times may be (clocks drift a little). */
export const MAX_FUTURE_SKEW_MS = 5 * 60 * 1000;

/** The times in a message that order facts: the envelope's, and a payload's own `*_at`. */
type Timed = { event_id?: string; timestamp: string; payload: Record<string, unknown> };

/**
 * The times that lie more than `MAX_FUTURE_SKEW_MS` ahead of `now`, as field errors. A
 * fact stamped in the future would win every "latest wins" comparison until that date,
 * so ingest refuses it rather than letting it stand for ever.
 */
export function futureTimes(messages: readonly Timed[], now: number): BatchItemError[] {
  const limit = now + MAX_FUTURE_SKEW_MS;
  const items: BatchItemError[] = [];
  messages.forEach((message, index) => {
    const errors: FieldError[] = [];
    const times: [string, unknown][] = [
      ["timestamp", message.timestamp],
      ...Object.entries(message.payload).filter(([key]) => key.endsWith("_at")),
    ];
    for (const [field, value] of times) {
      if (typeof value !== "string") continue;
      const at = Date.parse(value);
      if (Number.isFinite(at) && at > limit) {
        errors.push({
          path: field === "timestamp" ? "timestamp" : `payload.${field}`,
          message: `is ${value}, more than 5 minutes ahead of the platform's clock (${new Date(now).toISOString()})`,
        });
      }
    }
    if (errors.length > 0)
      items.push({ index, ...(message.event_id ? { event_id: message.event_id } : {}), errors });
  });
  return items;
}
