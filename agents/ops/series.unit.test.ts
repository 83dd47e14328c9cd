import { describe, expect, it } from "vitest";
import { emptyHistogram, observe } from "../../events/histogram";
import { aggregateSeries, bucketOf, type SeriesRow } from "./series";

function row(bucket: number, queue: string, delivered: number, ms: number): SeriesRow {
  const handler = emptyHistogram();
  observe(handler, ms, delivered);
  return {
    bucket,
    queue,
    events: delivered,
    delivered,
    acked: delivered,
    retried: 0,
    dead_lettered: 0,
    duplicates: 0,
    handler_ms: handler,
    wait_ms: emptyHistogram(),
  };
}

describe("the metrics series", () => {
  it("puts a moment in the 10-second bucket it falls in", () => {
    expect(bucketOf(Date.parse("2026-11-22T10:00:09.999Z"))).toBe(
      Date.parse("2026-11-22T10:00:00Z") / 1000,
    );
    expect(bucketOf(Date.parse("2026-11-22T10:00:10Z"))).toBe(
      Date.parse("2026-11-22T10:00:10Z") / 1000,
    );
  });

  it("sums the queues of each bucket and merges their latencies, oldest bucket first", () => {
    const points = aggregateSeries([
      row(20, "events", 3, 4),
      row(10, "events", 1, 4),
      row(20, "research-commands", 1, 400),
    ]);
    expect(points.map((p) => [p.at, p.delivered])).toEqual([
      ["1970-01-01T00:00:10.000Z", 1],
      ["1970-01-01T00:00:20.000Z", 4],
    ]);
    expect(points[1]?.handler_ms.count).toBe(4);
    expect(points[1]?.handler_ms.p99).toBeGreaterThan(250);
    expect(points[1]?.handler_ms.p50).toBeLessThanOrEqual(5);
  });
});
