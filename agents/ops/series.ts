import type { BatchReport, QueueCounterName } from "../../events/batch-report";
import {
  emptyHistogram,
  type Histogram,
  LATENCY_BUCKETS_MS,
  type LatencySummary,
  summarize,
} from "../../events/histogram";

/**
 * The metrics over time: the same counters and latency histograms as the totals in
 * `metrics.ts`, added into 10-second buckets per queue, kept for an hour. The dashboard
 * charts events/s, retries, dead letters and latency from them; a page opened late
 * still sees the last hour. One upsert per queue per consumer batch.
 */
export const SERIES_BUCKET_SECONDS = 10;
/** Buckets older than this are deleted as new ones are written. */
export const SERIES_RETENTION_SECONDS = 3600;

/** One queue's activity in one bucket. */
export type SeriesRow = {
  /** The bucket's start, in Unix seconds (a multiple of SERIES_BUCKET_SECONDS). */
  bucket: number;
  queue: string;
  /** Events that entered the platform (first deliveries on a queue that counts them). */
  events: number;
  delivered: number;
  acked: number;
  retried: number;
  dead_lettered: number;
  duplicates: number;
  handler_ms: Histogram;
  wait_ms: Histogram;
};

type StoredRow = Omit<SeriesRow, "handler_ms" | "wait_ms"> & {
  handler_ms: string;
  wait_ms: string;
};

/** The bucket a moment falls in, in Unix seconds. */
export function bucketOf(atMs: number): number {
  const seconds = Math.floor(atMs / 1000);
  return seconds - (seconds % SERIES_BUCKET_SECONDS);
}

function emptyRow(bucket: number, queue: string): SeriesRow {
  return {
    bucket,
    queue,
    events: 0,
    delivered: 0,
    acked: 0,
    retried: 0,
    dead_lettered: 0,
    duplicates: 0,
    handler_ms: emptyHistogram(),
    wait_ms: emptyHistogram(),
  };
}

function addHistogram(into: Histogram, from: Histogram): void {
  for (let i = 0; i <= LATENCY_BUCKETS_MS.length; i++) into[i] = (into[i] ?? 0) + (from[i] ?? 0);
}

/**
 * Adds a batch report to the current bucket (its own queue's row, and the rows of the
 * queues it owes counters) and drops buckets past the retention. Call inside the
 * transaction that records the report.
 */
export function recordSeries(sql: SqlStorage, report: BatchReport, atMs: number): void {
  const bucket = bucketOf(atMs);
  const rows = new Map<string, SeriesRow>();
  const row = (queue: string): SeriesRow => {
    let found = rows.get(queue);
    if (!found) {
      found = readRow(sql, bucket, queue) ?? emptyRow(bucket, queue);
      rows.set(queue, found);
    }
    return found;
  };
  const own = row(report.queue);
  own.events += report.meter.events;
  for (const name of Object.keys(report.counters) as QueueCounterName[]) {
    own[name] += report.counters[name];
  }
  addHistogram(own.handler_ms, report.handler_ms);
  addHistogram(own.wait_ms, report.wait_ms);
  for (const { queue, name, by } of report.elsewhere) row(queue)[name] += by;

  for (const r of rows.values()) writeRow(sql, r);
  sql.exec(
    "DELETE FROM metrics_series WHERE bucket < ?",
    bucket - SERIES_RETENTION_SECONDS + SERIES_BUCKET_SECONDS,
  );
}

function readRow(sql: SqlStorage, bucket: number, queue: string): SeriesRow | null {
  const stored = sql
    .exec<StoredRow>("SELECT * FROM metrics_series WHERE bucket = ? AND queue = ?", bucket, queue)
    .toArray()[0];
  return stored ? parseRow(stored) : null;
}

function writeRow(sql: SqlStorage, r: SeriesRow): void {
  sql.exec(
    `INSERT INTO metrics_series (bucket, queue, events, delivered, acked, retried, dead_lettered, duplicates, handler_ms, wait_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (bucket, queue) DO UPDATE SET events = excluded.events, delivered = excluded.delivered,
       acked = excluded.acked, retried = excluded.retried, dead_lettered = excluded.dead_lettered,
       duplicates = excluded.duplicates, handler_ms = excluded.handler_ms, wait_ms = excluded.wait_ms`,
    r.bucket,
    r.queue,
    r.events,
    r.delivered,
    r.acked,
    r.retried,
    r.dead_lettered,
    r.duplicates,
    JSON.stringify(r.handler_ms),
    JSON.stringify(r.wait_ms),
  );
}

function parseRow(stored: StoredRow): SeriesRow {
  const histogram = (text: string): Histogram => {
    const parsed = JSON.parse(text) as unknown;
    const out = emptyHistogram();
    if (!Array.isArray(parsed)) return out;
    parsed.forEach((n: unknown, i) => {
      if (typeof n === "number" && i < out.length) out[i] = n;
    });
    return out;
  };
  return {
    ...stored,
    handler_ms: histogram(stored.handler_ms),
    wait_ms: histogram(stored.wait_ms),
  };
}

/** Every queue's rows from `sinceBucket` on, oldest first. */
export function readSeries(sql: SqlStorage, sinceBucket: number): SeriesRow[] {
  return sql
    .exec<StoredRow>(
      "SELECT * FROM metrics_series WHERE bucket >= ? ORDER BY bucket, queue",
      sinceBucket,
    )
    .toArray()
    .map(parseRow);
}

/** All queues' activity in one bucket, as `GET /api/metrics` lists it. */
export type SeriesPoint = {
  /** The bucket's start, ISO 8601. */
  at: string;
  events: number;
  delivered: number;
  acked: number;
  retried: number;
  dead_lettered: number;
  duplicates: number;
  handler_ms: LatencySummary;
  wait_ms: LatencySummary;
};

/**
 * Sums each bucket over the queues (latency histograms merged, then read as
 * percentiles), oldest first. Buckets without activity are left out.
 */
export function aggregateSeries(rows: readonly SeriesRow[]): SeriesPoint[] {
  const byBucket = new Map<number, SeriesRow>();
  for (const row of rows) {
    let sum = byBucket.get(row.bucket);
    if (!sum) {
      sum = emptyRow(row.bucket, "*");
      byBucket.set(row.bucket, sum);
    }
    sum.events += row.events;
    sum.delivered += row.delivered;
    sum.acked += row.acked;
    sum.retried += row.retried;
    sum.dead_lettered += row.dead_lettered;
    sum.duplicates += row.duplicates;
    addHistogram(sum.handler_ms, row.handler_ms);
    addHistogram(sum.wait_ms, row.wait_ms);
  }
  return [...byBucket.values()]
    .sort((a, b) => a.bucket - b.bucket)
    .map((sum) => ({
      at: new Date(sum.bucket * 1000).toISOString(),
      events: sum.events,
      delivered: sum.delivered,
      acked: sum.acked,
      retried: sum.retried,
      dead_lettered: sum.dead_lettered,
      duplicates: sum.duplicates,
      handler_ms: summarize(sum.handler_ms),
      wait_ms: summarize(sum.wait_ms),
    }));
}
