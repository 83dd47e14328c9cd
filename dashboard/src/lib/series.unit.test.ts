import { describe, expect, it } from "vitest";
import type { SeriesPoint } from "../api/schemas";
import { fillSeries, latestRate } from "./series";

const latency = { count: 1, p50: 10, p95: 20, p99: 30 };
const point = (at: string, events: number): SeriesPoint => ({
  at,
  events,
  delivered: events * 2,
  acked: events * 2,
  retried: 1,
  dead_lettered: 0,
  duplicates: 0,
  handler_ms: latency,
  wait_ms: latency,
});

describe("the metrics series as charted", () => {
  it("has a point for every bucket of the window, zero where nothing happened, as rates per second", () => {
    const filled = fillSeries(
      [point("2026-11-22T10:00:10.000Z", 50)],
      "2026-11-22T10:00:00.000Z",
      "2026-11-22T10:00:20.000Z",
      10,
    );
    expect(filled.map((p) => p.events_per_s)).toEqual([0, 5, 0]);
    expect(filled[1]).toMatchObject({ deliveries_per_s: 10, retried: 1, handler_p99: 30 });
    expect(filled[0]?.handler_p99).toBeNull();
  });

  it("reads 'now' from the last complete bucket, not the one still filling", () => {
    const filled = fillSeries(
      [point("2026-11-22T10:00:00.000Z", 30), point("2026-11-22T10:00:10.000Z", 10)],
      "2026-11-22T10:00:00.000Z",
      "2026-11-22T10:00:10.000Z",
      10,
    );
    expect(latestRate(filled)).toBe(3);
    expect(latestRate([])).toBe(0);
  });

  it("is empty for a window it cannot read", () => {
    expect(fillSeries([], "nonsense", "2026-11-22T10:00:00.000Z", 10)).toEqual([]);
  });
});
