import { serializedBytes } from "../../events";
import { emptyCounters } from "../../events/batch-report";
import { emptyHistogram, observe } from "../../events/histogram";
import type { Delivery, Middleware, RawMessage } from "./types";

/** Cloudflare bills queue operations per 64 KB written, read or deleted. */
const QUEUE_OPERATION_BYTES = 64 * 1024;

/** Options of the metrics middleware. */
export type MetricsOptions = {
  /** Whether first deliveries on this queue count as events entering the platform (the meter's denominator). */
  countsEvents: boolean;
};

/**
 * Counts each batch once, after it settled, and hands the report on in one piece:
 * delivered, acked, retried, dead-lettered and duplicate messages; the handler's latency
 * (one sample per message: the time its batch took) and how long each message waited on
 * the queue, each with what its samples add up to (Prometheus's `_sum`); and the
 * billable operations (queue operations per 64 KB chunk — the producer's write on a
 * first delivery, a read per delivery, a delete per ack — this Worker invocation, and
 * the report's own Durable Object call).
 * A failed flush is logged; it never changes how messages are settled.
 */
export function metrics(options: MetricsOptions): Middleware {
  return (next) => async (deliveries, ctx) => {
    const started = ctx.deps.now();
    try {
      await next(deliveries, ctx);
    } finally {
      const elapsed = Math.max(0, ctx.deps.now() - started);
      const counters = emptyCounters();
      const handlerMs = emptyHistogram();
      const waitMs = emptyHistogram();
      const sums = { handler_ms: elapsed * deliveries.length, wait_ms: 0 };
      const meter = ctx.report.meter;
      for (const d of deliveries) {
        counters.delivered++;
        // A held message was acked on its queue (its tenant's agent keeps it): counted
        // as acked, never as a duplicate; the agent counts it applied once released.
        if (d.disposition === "acked" || d.disposition === "held") counters.acked++;
        else if (d.disposition === "duplicate") {
          counters.acked++;
          counters.duplicates++;
        } else if (d.disposition === "dead-lettered") counters.dead_lettered++;
        else counters.retried++;
        if (options.countsEvents && d.raw.attempts <= 1) meter.events++;
      }
      // Queue operations are per queue message (a bundle is one), not per envelope.
      for (const [raw, parts] of groupByRaw(deliveries)) {
        const waited = Math.max(0, started - raw.timestamp.getTime());
        observe(waitMs, waited, parts.length);
        sums.wait_ms += waited * parts.length;
        const chunks = queueChunks(raw.body);
        meter.queue_operations += chunks; // the read of this delivery
        if (raw.attempts <= 1) meter.queue_operations += chunks; // the producer's write
        if (parts.every((d) => d.disposition !== "retried" && d.disposition !== undefined)) {
          meter.queue_operations += chunks; // the delete of an ack
        }
      }
      observe(handlerMs, elapsed, deliveries.length);
      meter.worker_requests += 1;
      const report = ctx.report.build(ctx.queue, counters, handlerMs, waitMs, sums);
      try {
        await ctx.deps.flushReport(report);
      } catch (error) {
        ctx.deps.log({
          level: "error",
          msg: "metrics not recorded",
          queue: ctx.queue,
          error: String(error),
        });
      }
    }
  };
}

/** 64 KB chunks a message body takes (at least one). */
export function queueChunks(body: unknown): number {
  let bytes: number;
  try {
    bytes = serializedBytes(body);
  } catch {
    // A body JSON cannot express (a BigInt, a cycle) still took at least one chunk.
    bytes = 0;
  }
  return Math.max(1, Math.ceil(bytes / QUEUE_OPERATION_BYTES));
}

function groupByRaw(deliveries: readonly Delivery[]): Map<RawMessage, Delivery[]> {
  const groups = new Map<RawMessage, Delivery[]>();
  for (const d of deliveries) {
    const group = groups.get(d.raw);
    if (group) group.push(d);
    else groups.set(d.raw, [d]);
  }
  return groups;
}
