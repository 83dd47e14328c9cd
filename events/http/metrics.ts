import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";

/** The billable operations the meter prices (`agents/ops/price-table.ts` has the prices). */
export const PRICED_OPERATIONS = [
  "queue_operations",
  "do_requests",
  "sqlite_rows_read",
  "sqlite_rows_written",
  "worker_requests",
] as const;
export type PricedOperation = (typeof PRICED_OPERATIONS)[number];

/** A number per priced operation (loose: an operation priced later does not fail a parse). */
const perOperation = z.looseObject({
  queue_operations: count,
  do_requests: count,
  sqlite_rows_read: count,
  sqlite_rows_written: count,
  worker_requests: count,
});

/** Percentiles of a fixed-bucket latency histogram, in ms (null while it is empty). */
export const Latency = z.object({ count, p50: maybeCount, p95: maybeCount, p99: maybeCount });
export type Latency = z.infer<typeof Latency>;

const queueCounters = {
  delivered: count,
  /** Duplicates included. */
  acked: count,
  retried: count,
  dead_lettered: count,
  duplicates: count,
  /** How long the handler took per batch. */
  handler_ms: Latency,
  /** How long messages waited on the queue before their batch started. */
  wait_ms: Latency,
};

/** One queue's totals since the metrics began. */
export const QueueMetrics = z.looseObject(queueCounters);
export type QueueMetrics = z.infer<typeof QueueMetrics>;

/** All queues' activity in one bucket of the series. */
export const SeriesPoint = z.looseObject({
  /** The bucket's start, ISO 8601. */
  at: text,
  events: count,
  ...queueCounters,
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;

/** The meter: billable operations on the event path, priced. */
export const Billing = z.looseObject({
  /** The operations metered, and the events they served. */
  operations: z.looseObject({ events: count, ...perOperation.shape }),
  events: count,
  /** Each operation per event (0 before any event was metered). */
  per_event: perOperation,
  /** Dollars per million events, per operation and in total. */
  usd_per_million_events: perOperation.extend({ total: count }),
  usd_total: count,
  /** The price table the figures come from. */
  prices: z.looseObject({
    taken_on: text,
    sources: z.array(text),
    usd_per_million: perOperation,
    /** Costs the figures leave out. */
    excluded: z.array(text),
  }),
});
export type Billing = z.infer<typeof Billing>;

/**
 * `GET /api/metrics?minutes=`: per-queue totals since `since`, the same over time (all
 * queues summed per bucket for the last `minutes`, empty buckets left out), and the meter.
 */
export const Metrics = z.object({
  since: maybeText,
  queues: z.record(z.string(), QueueMetrics),
  series: z.object({
    bucket_seconds: count,
    from: text,
    to: text,
    points: z.array(SeriesPoint),
  }),
  billing: Billing,
});
export type Metrics = z.infer<typeof Metrics>;
