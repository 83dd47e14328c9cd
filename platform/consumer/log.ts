import { type TracePosition, traceOf } from "../../events";
import type { Delivery, Middleware } from "./types";

/**
 * Structured JSON logs: one line per message that was retried or dead-lettered, with
 * its event_id, type, tenant_id, correlation_id and W3C trace (read from the body even
 * when it did not parse), and one summary line per batch.
 */
export const log: Middleware = (next) => async (deliveries, ctx) => {
  const started = ctx.deps.now();
  await next(deliveries, ctx);
  const tally = { acked: 0, duplicates: 0, held: 0, retried: 0, dead_lettered: 0 };
  for (const d of deliveries) {
    if (d.disposition === "acked") tally.acked++;
    else if (d.disposition === "duplicate") tally.duplicates++;
    else if (d.disposition === "held") tally.held++;
    else {
      if (d.disposition === "retried") tally.retried++;
      else tally.dead_lettered++;
      ctx.deps.log({
        level: d.disposition === "retried" ? "warn" : "error",
        msg: d.disposition === "retried" ? "message retried" : "message dead-lettered",
        queue: ctx.queue,
        ...identify(d),
        attempts: d.raw.attempts,
        reason: d.reason ?? null,
        ...(d.delaySeconds === undefined ? {} : { delay_seconds: d.delaySeconds }),
      });
    }
  }
  ctx.deps.log({
    level: "info",
    msg: "batch",
    queue: ctx.queue,
    size: deliveries.length,
    ...tally,
    ms: ctx.deps.now() - started,
  });
};

/** A log line's trace fields: what Workers Logs and an external tracer join on. */
export type TraceFields = { [K in keyof TracePosition]: string | null };

/**
 * The envelope fields that identify a message, from the parsed message or the raw body,
 * with its place in its trace.
 */
export function identify(d: Delivery): {
  event_id: string | null;
  type: string | null;
  tenant_id: string | null;
  correlation_id: string | null;
} & TraceFields {
  const source: unknown = d.message ?? d.body;
  return {
    event_id: field(source, "event_id"),
    type: field(source, "type"),
    tenant_id: field(source, "tenant_id"),
    correlation_id: field(source, "correlation_id"),
    ...traceFields(source),
  };
}

/**
 * Where the message an envelope (parsed or raw) carries sits in its trace: its trace and
 * parent from its traceparent, its own span from its event_id; null where it has none.
 */
export function traceFields(envelope: unknown): TraceFields {
  const eventId = field(envelope, "event_id");
  const position = traceOf({ id: eventId ?? "", traceparent: field(envelope, "traceparent") });
  return {
    trace_id: position.trace_id,
    span_id: eventId === null ? null : position.span_id,
    parent_span_id: position.parent_span_id,
  };
}

function field(source: unknown, name: string): string | null {
  if (typeof source !== "object" || source === null || !Object.hasOwn(source, name)) return null;
  const value = (source as Record<string, unknown>)[name];
  return typeof value === "string" ? value.slice(0, 128) : null;
}
