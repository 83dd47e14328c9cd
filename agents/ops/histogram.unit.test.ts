import { describe, expect, it } from "vitest";
import {
  emptyHistogram,
  LATENCY_BUCKETS_MS,
  observe,
  percentile,
  summarize,
} from "../../events/histogram";

describe("the latency histogram", () => {
  it("puts a value in the first bucket whose bound holds it, and overflow in the last", () => {
    const h = emptyHistogram();
    observe(h, 0);
    observe(h, 1);
    observe(h, 3);
    observe(h, 1_000_000);
    expect(h[0]).toBe(2);
    expect(h[2]).toBe(1);
    expect(h[LATENCY_BUCKETS_MS.length]).toBe(1);
  });

  it("merges by adding counts, so per-batch histograms add up to one", () => {
    const a = emptyHistogram();
    const b = emptyHistogram();
    observe(a, 7, 3);
    observe(b, 7, 2);
    const merged = a.map((count, i) => count + (b[i] ?? 0));
    expect(summarize(merged).count).toBe(5);
  });

  it("reads percentiles inside their bucket", () => {
    const h = emptyHistogram();
    observe(h, 8, 90); // bucket (5, 10]
    observe(h, 400, 10); // bucket (250, 500]
    expect(percentile(h, 50)).toBeGreaterThan(5);
    expect(percentile(h, 50)).toBeLessThanOrEqual(10);
    expect(percentile(h, 95)).toBeGreaterThan(250);
    expect(percentile(h, 99)).toBeLessThanOrEqual(500);
  });

  it("has no percentiles when empty", () => {
    expect(summarize(emptyHistogram())).toEqual({ count: 0, p50: null, p95: null, p99: null });
  });

  it("reads an overflowing value as the largest bound", () => {
    const h = emptyHistogram();
    observe(h, 10_000_000);
    expect(percentile(h, 99)).toBe(LATENCY_BUCKETS_MS.at(-1));
  });
});
