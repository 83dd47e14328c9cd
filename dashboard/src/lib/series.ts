import type { SeriesPoint } from "../api/schemas";

/** One bucket as the charts plot it: per-second rates and latencies, zero where idle. */
export type ChartPoint = {
  /** Bucket start, epoch ms (the x axis). */
  t: number;
  /** Events entering the platform per second. */
  events_per_s: number;
  /** Deliveries on every queue per second (a message on three queues counts three times). */
  deliveries_per_s: number;
  retried: number;
  dead_lettered: number;
  handler_p50: number | null;
  handler_p95: number | null;
  handler_p99: number | null;
  wait_p95: number | null;
};

/**
 * Spreads the server's sparse buckets (only those with activity) over the whole window,
 * one point per bucket from `from` to `to`, so idle time shows as zero rather than
 * being skipped by the line. Pure.
 */
export function fillSeries(
  points: readonly SeriesPoint[],
  from: string,
  to: string,
  bucketSeconds: number,
): ChartPoint[] {
  const step = bucketSeconds * 1000;
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (!Number.isFinite(start) || !Number.isFinite(end) || step <= 0 || end < start) return [];
  const byTime = new Map(points.map((p) => [Date.parse(p.at), p]));
  const out: ChartPoint[] = [];
  for (let t = start; t <= end; t += step) {
    const p = byTime.get(t);
    out.push({
      t,
      events_per_s: p ? p.events / bucketSeconds : 0,
      deliveries_per_s: p ? p.delivered / bucketSeconds : 0,
      retried: p?.retried ?? 0,
      dead_lettered: p?.dead_lettered ?? 0,
      handler_p50: p?.handler_ms.p50 ?? null,
      handler_p95: p?.handler_ms.p95 ?? null,
      handler_p99: p?.handler_ms.p99 ?? null,
      wait_p95: p?.wait_ms.p95 ?? null,
    });
  }
  return out;
}

/**
 * The latest rate worth showing as "now": the last complete bucket (the current one is
 * still filling), or 0 for an empty series.
 */
export function latestRate(points: readonly ChartPoint[]): number {
  const complete = points.length >= 2 ? points[points.length - 2] : points[0];
  return complete?.events_per_s ?? 0;
}
