/**
 * A fixed-bucket latency histogram: counts per bucket, so histograms from many batches
 * merge by adding counts, and percentiles are read back from the merged counts. Bucket
 * `i` holds values ≤ LATENCY_BUCKETS_MS[i] (and above the previous bound); the last
 * bucket holds everything above the largest bound.
 */
export const LATENCY_BUCKETS_MS = [
  1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000, 60_000, 300_000,
] as const;

/** Counts per bucket; length LATENCY_BUCKETS_MS.length + 1 (the overflow bucket). */
export type Histogram = number[];

export function emptyHistogram(): Histogram {
  return new Array<number>(LATENCY_BUCKETS_MS.length + 1).fill(0);
}

/** Counts one observation (in milliseconds) `times` times. */
export function observe(histogram: Histogram, ms: number, times = 1): void {
  let index = LATENCY_BUCKETS_MS.findIndex((bound) => ms <= bound);
  if (index === -1) index = LATENCY_BUCKETS_MS.length;
  histogram[index] = (histogram[index] ?? 0) + times;
}

export function countOf(histogram: Histogram): number {
  return histogram.reduce((a, b) => a + b, 0);
}

/**
 * The p-th percentile (0 < p ≤ 100), interpolated linearly inside its bucket; null when
 * the histogram is empty. A value in the overflow bucket reads as the largest bound.
 */
export function percentile(histogram: Histogram, p: number): number | null {
  const total = countOf(histogram);
  if (total === 0) return null;
  const rank = (p / 100) * total;
  let seen = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i] ?? 0;
    if (count === 0 || seen + count < rank) {
      seen += count;
      continue;
    }
    const lower = i === 0 ? 0 : (LATENCY_BUCKETS_MS[i - 1] ?? 0);
    const upper = LATENCY_BUCKETS_MS[i];
    if (upper === undefined) return lower;
    return Math.round((lower + ((rank - seen) / count) * (upper - lower)) * 100) / 100;
  }
  return LATENCY_BUCKETS_MS.at(-1) ?? null;
}

/** p50, p95 and p99 of a histogram, with its count. */
export type LatencySummary = {
  count: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
};

export function summarize(histogram: Histogram): LatencySummary {
  return {
    count: countOf(histogram),
    p50: percentile(histogram, 50),
    p95: percentile(histogram, 95),
    p99: percentile(histogram, 99),
  };
}
