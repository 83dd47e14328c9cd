import type { Histogram } from "./histogram";
import type { TenantTotals } from "./ops-state";

/**
 * What the consumers report to the OpsAgent: the counters, histograms and billable
 * operations of a batch, the flush that carries an isolate's batches, and the feed
 * entries and quota refusals that ride on it. The wire format between the platform's
 * queue consumers and the OpsAgent; the OpsAgent's storage of it is agents/ops/metrics.ts.
 */

/** One message in the operator's live feed: platform events the route table sends there. */
export type FeedEntry = {
  event_id: string;
  type: string;
  tenant_id: string;
  timestamp: string;
  correlation_id: string | null;
  /** The payload as JSON text (RPC return types must be concrete). */
  payload: string;
};

/** The feed keeps only the newest entries; history lives in each tenant's event log. */
export const FEED_SIZE = 200;

/** One tenant's refused requests in a flush. */
export type QuotaRefusalCount = { tenant_id: string; count: number };

/** What each consumer counts per queue, per delivery. */
export const QUEUE_COUNTERS = [
  "delivered",
  "acked",
  "retried",
  "dead_lettered",
  "duplicates",
] as const;
export type QueueCounterName = (typeof QUEUE_COUNTERS)[number];
export type QueueCounters = Record<QueueCounterName, number>;

/** The latency histograms kept per queue. */
export const HISTOGRAMS = ["handler_ms", "wait_ms"] as const;
export type HistogramName = (typeof HISTOGRAMS)[number];
/** The sum of each histogram's observations, in ms (Prometheus's `_sum`). */
export type HistogramSums = Record<HistogramName, number>;

/** Billable operations counted on the event path, and the events they served. */
export const METER_FIELDS = [
  "events",
  "queue_operations",
  "do_requests",
  "worker_requests",
  "sqlite_rows_read",
  "sqlite_rows_written",
] as const;
export type MeterField = (typeof METER_FIELDS)[number];
export type Meter = Record<MeterField, number>;

export function emptyCounters(): QueueCounters {
  return { delivered: 0, acked: 0, retried: 0, dead_lettered: 0, duplicates: 0 };
}

export function emptyMeter(): Meter {
  return {
    events: 0,
    queue_operations: 0,
    do_requests: 0,
    worker_requests: 0,
    sqlite_rows_read: 0,
    sqlite_rows_written: 0,
  };
}

/**
 * What one consumer batch reports to the OpsAgent, in one call: its queue's counters
 * and histograms, counters it owes other queues (a dead-letter consumer counts the
 * letters of its source queue), the billable operations it caused and its rule hits.
 */
export type BatchReport = {
  queue: string;
  counters: QueueCounters;
  elsewhere: { queue: string; name: QueueCounterName; by: number }[];
  handler_ms: Histogram;
  wait_ms: Histogram;
  /**
   * What the histograms' observations add up to. Absent from a report of a Worker
   * older than OpsAgent migration 10 (during a deploy): such a report adds no sum.
   */
  sum_ms?: HistogramSums;
  meter: Meter;
  rule_hits: { rule: string; hits: number }[];
  /** The newest totals of the tenants this batch delivered to (the fan-out's). */
  tenants?: TenantTotals[];
  /** Entries for the operator's live feed, in the order the batch routed them. */
  feed?: FeedEntry[];
};

/** What a Worker isolate counted since its last flush, in one call (worker/metrics/buffer.ts). */
export type MetricsFlush = {
  reports: BatchReport[];
  meter: Meter;
  tenants: TenantTotals[];
  /** Feed entries of the flush's batches (the newest `FEED_SIZE`: the feed keeps no more). */
  feed?: FeedEntry[];
  /** Requests refused for a tenant's quota since the last flush, per tenant. */
  quota_refusals?: QuotaRefusalCount[];
};

/** One queue's metrics as stored: counters, raw histogram counts and the histograms' sums. */
export type QueueMetrics = {
  queue: string;
  counters: QueueCounters;
  handler_ms: Histogram;
  wait_ms: Histogram;
  /** Summed since OpsAgent migration 10; counts recorded before it have no sum. */
  sum_ms: HistogramSums;
};
