import {
  type BatchReport,
  emptyCounters,
  emptyMeter,
  HISTOGRAMS,
  METER_FIELDS,
  type Meter,
  type MeterField,
  QUEUE_COUNTERS,
  type QueueCounterName,
  type QueueMetrics,
} from "../../events/batch-report";
import { emptyHistogram, LATENCY_BUCKETS_MS } from "../../events/histogram";
import type { SqlUsage } from "../../platform/sqlite/sql-meter";

/**
 * The histograms' sums per queue (OpsAgent migration 10). The bucket counts say how many
 * observations fell where; only the sum gives their mean, and Prometheus's `_sum`.
 */
export const histogramSumsMigrationSql = `
  CREATE TABLE queue_histogram_sums (
    queue TEXT NOT NULL,
    histogram TEXT NOT NULL,
    sum_ms REAL NOT NULL,
    PRIMARY KEY (queue, histogram)
  );
`;

export type MetricsSnapshot = { since: string | null; queues: QueueMetrics[]; meter: Meter };

/** Adds a batch report to the metric tables; call inside a transaction. */
export function recordReport(sql: SqlStorage, report: BatchReport, at: string): void {
  sql.exec("INSERT INTO metrics_since (id, since) VALUES (1, ?) ON CONFLICT (id) DO NOTHING", at);
  for (const name of QUEUE_COUNTERS) addCounter(sql, report.queue, name, report.counters[name]);
  for (const { queue, name, by } of report.elsewhere) addCounter(sql, queue, name, by);
  for (const name of HISTOGRAMS) {
    report[name].forEach((count, bucket) => {
      if (count > 0 && bucket <= LATENCY_BUCKETS_MS.length) {
        sql.exec(
          `INSERT INTO queue_histograms (queue, histogram, bucket, count) VALUES (?, ?, ?, ?)
           ON CONFLICT (queue, histogram, bucket) DO UPDATE SET count = count + excluded.count`,
          report.queue,
          name,
          bucket,
          count,
        );
      }
    });
    const sum = report.sum_ms?.[name] ?? 0;
    if (sum > 0) {
      sql.exec(
        `INSERT INTO queue_histogram_sums (queue, histogram, sum_ms) VALUES (?, ?, ?)
         ON CONFLICT (queue, histogram) DO UPDATE SET sum_ms = sum_ms + excluded.sum_ms`,
        report.queue,
        name,
        sum,
      );
    }
  }
  addToMeter(sql, report.meter);
  for (const { rule, hits } of report.rule_hits) {
    if (hits <= 0) continue;
    sql.exec(
      `INSERT INTO route_hits (rule, hits, last_hit_at) VALUES (?, ?, ?)
       ON CONFLICT (rule) DO UPDATE SET hits = hits + excluded.hits, last_hit_at = excluded.last_hit_at`,
      rule,
      hits,
      at,
    );
  }
}

/** Adds to the billable-operation meter (only the non-zero fields are written). */
export function addToMeter(sql: SqlStorage, meter: Partial<Meter>): void {
  for (const name of METER_FIELDS) {
    const by = meter[name] ?? 0;
    if (by === 0) continue;
    sql.exec(
      "INSERT INTO meter (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = value + excluded.value",
      name,
      by,
    );
  }
}

/** The meter fields SQLite usage adds to. */
export function usageToMeter(usage: SqlUsage): Partial<Meter> {
  return { sqlite_rows_read: usage.rows_read, sqlite_rows_written: usage.rows_written };
}

function addCounter(sql: SqlStorage, queue: string, name: QueueCounterName, by: number): void {
  if (by === 0) return;
  sql.exec(
    `INSERT INTO queue_counters (queue, name, value) VALUES (?, ?, ?)
     ON CONFLICT (queue, name) DO UPDATE SET value = value + excluded.value`,
    queue,
    name,
    by,
  );
}

/** Every queue's counters and histograms, and the meter. */
export function readMetrics(sql: SqlStorage): MetricsSnapshot {
  const queues = new Map<string, QueueMetrics>();
  const entry = (queue: string): QueueMetrics => {
    let found = queues.get(queue);
    if (!found) {
      found = {
        queue,
        counters: emptyCounters(),
        handler_ms: emptyHistogram(),
        wait_ms: emptyHistogram(),
        sum_ms: { handler_ms: 0, wait_ms: 0 },
      };
      queues.set(queue, found);
    }
    return found;
  };
  const counters = sql.exec<{ queue: string; name: string; value: number }>(
    "SELECT queue, name, value FROM queue_counters",
  );
  for (const row of counters) {
    if (isCounterName(row.name)) entry(row.queue).counters[row.name] = row.value;
  }
  const buckets = sql.exec<{ queue: string; histogram: string; bucket: number; count: number }>(
    "SELECT queue, histogram, bucket, count FROM queue_histograms",
  );
  for (const row of buckets) {
    const name = row.histogram;
    if ((name === "handler_ms" || name === "wait_ms") && row.bucket <= LATENCY_BUCKETS_MS.length) {
      entry(row.queue)[name][row.bucket] = row.count;
    }
  }
  const sums = sql.exec<{ queue: string; histogram: string; sum_ms: number }>(
    "SELECT queue, histogram, sum_ms FROM queue_histogram_sums",
  );
  for (const row of sums) {
    if (row.histogram === "handler_ms" || row.histogram === "wait_ms") {
      entry(row.queue).sum_ms[row.histogram] = row.sum_ms;
    }
  }
  const meter = emptyMeter();
  for (const row of sql.exec<{ name: string; value: number }>("SELECT name, value FROM meter")) {
    if (isMeterField(row.name)) meter[row.name] = row.value;
  }
  const since =
    sql.exec<{ since: string }>("SELECT since FROM metrics_since WHERE id = 1").toArray()[0]
      ?.since ?? null;
  return {
    since,
    queues: [...queues.values()].sort((a, b) => a.queue.localeCompare(b.queue)),
    meter,
  };
}

/** Hit counts per rule id. */
export function readRouteHits(
  sql: SqlStorage,
): { rule: string; hits: number; last_hit_at: string }[] {
  return sql
    .exec<{ rule: string; hits: number; last_hit_at: string }>(
      "SELECT rule, hits, last_hit_at FROM route_hits ORDER BY rule",
    )
    .toArray();
}

function isCounterName(name: string): name is QueueCounterName {
  return (QUEUE_COUNTERS as readonly string[]).includes(name);
}

function isMeterField(name: string): name is MeterField {
  return (METER_FIELDS as readonly string[]).includes(name);
}
