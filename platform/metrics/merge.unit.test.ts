import { describe, expect, it } from "vitest";
import { type BatchReport, emptyCounters, emptyMeter } from "../../events/batch-report";
import { emptyHistogram, observe } from "../../events/histogram";
import { mergeReport } from "./merge";

function report(handlerMs: number, sums?: BatchReport["sum_ms"]): BatchReport {
  const handler = emptyHistogram();
  observe(handler, handlerMs);
  return {
    queue: "events",
    counters: { ...emptyCounters(), delivered: 1, acked: 1 },
    elsewhere: [],
    handler_ms: handler,
    wait_ms: emptyHistogram(),
    ...(sums ? { sum_ms: sums } : {}),
    meter: emptyMeter(),
    rule_hits: [],
  };
}

describe("merging batch reports", () => {
  it("adds the histograms' sums with their counts", () => {
    const into = report(3, { handler_ms: 3, wait_ms: 10 });
    mergeReport(into, report(700, { handler_ms: 700, wait_ms: 5 }));
    expect(into.sum_ms).toEqual({ handler_ms: 703, wait_ms: 15 });
    expect(into.handler_ms.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it("takes the sums of a report into one that had none, and adds none for a report without them", () => {
    const into = report(3);
    mergeReport(into, report(4, { handler_ms: 4, wait_ms: 1 }));
    mergeReport(into, report(5));
    expect(into.sum_ms).toEqual({ handler_ms: 4, wait_ms: 1 });
    expect(into.counters.delivered).toBe(3);
  });
});
