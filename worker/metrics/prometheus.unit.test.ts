import { describe, expect, it } from "vitest";
import type { MetricsSnapshot } from "../../agents/ops/metrics";
import type { TenantRollup } from "../../agents/ops/tenant-rollup";
import { emptyCounters, emptyMeter } from "../../events/batch-report";
import { emptyHistogram, observe } from "../../events/histogram";
import { histogramOf, parsePrometheusText, sampleValue } from "../../test/support/prometheus";
import { scrapeFamilies, topTenantsOf } from "./prometheus";
import { writeTextFormat } from "./text-format";

const tenants: TenantRollup = {
  tenants: 1,
  runs: { active: 0, started: 0, completed: 0, failed: 0 },
  top: [{ tenant: "acme", applied: 3, usd: 0.001 }],
  other: { tenant: "other", applied: 0, usd: 0 },
};

function snapshot(): MetricsSnapshot {
  const handler = emptyHistogram();
  observe(handler, 4, 2); // two samples in the ≤ 5 ms bucket
  observe(handler, 400_000); // one above the largest bound
  return {
    since: "2026-01-01T00:00:00.000Z",
    queues: [
      {
        queue: "events",
        counters: { ...emptyCounters(), delivered: 3, acked: 3 },
        handler_ms: handler,
        wait_ms: emptyHistogram(),
        sum_ms: { handler_ms: 400_008, wait_ms: 0 },
      },
    ],
    meter: { ...emptyMeter(), events: 3, queue_operations: 3 },
  };
}

describe("a scrape's families", () => {
  it("turns the stored millisecond histograms into seconds, with the overflow in +Inf", () => {
    const text = writeTextFormat(
      scrapeFamilies({ metrics: snapshot(), tenants, backlogs: [], nowMs: 0 }),
    );
    const families = parsePrometheusText(text);
    const h = histogramOf(families, "switchboard_queue_handler_duration_seconds", {
      queue: "events",
    });
    expect(h?.count).toBe(3);
    expect(h?.sum).toBe(400.008);
    expect(h?.buckets.find((b) => b.le === 0.005)?.count).toBe(2);
    expect(h?.buckets.find((b) => b.le === 300)?.count).toBe(2);
    expect(h?.buckets.at(-1)).toEqual({ le: Number.POSITIVE_INFINITY, count: 3 });
  });

  it("ages the oldest waiting message at the scrape's time, and says 0 when none waits", () => {
    const families = parsePrometheusText(
      writeTextFormat(
        scrapeFamilies({
          metrics: snapshot(),
          tenants,
          backlogs: [
            { queue: "events", messages: 4, bytes: 400, oldest_at: 10_000 },
            { queue: "events-dlq", messages: 0, bytes: 0, oldest_at: null },
          ],
          nowMs: 12_500,
        }),
      ),
    );
    const age = (queue: string) =>
      sampleValue(families, "switchboard_queue_backlog_oldest_age_seconds", { queue });
    expect(age("events")).toBe(2.5);
    expect(age("events-dlq")).toBe(0);
    expect(sampleValue(families, "switchboard_queue_backlog_messages", { queue: "events" })).toBe(
      4,
    );
  });

  it("prices the meter per operation without float noise", () => {
    const families = parsePrometheusText(
      writeTextFormat(scrapeFamilies({ metrics: snapshot(), tenants, backlogs: [], nowMs: 0 })),
    );
    expect(
      sampleValue(families, "switchboard_billable_cost_usd_total", {
        operation: "queue_operations",
      }),
    ).toBe(0.0000012);
  });
});

describe("METRICS_TOP_TENANTS", () => {
  const of = (value: string) => topTenantsOf({ METRICS_TOP_TENANTS: value } as unknown as Env);

  it("is a whole number up to 100, and 20 when it is not one", () => {
    expect(of("5")).toBe(5);
    expect(of("0")).toBe(0);
    expect(of("1000")).toBe(100);
    expect(of("-3")).toBe(20);
    expect(of("ten")).toBe(20);
    expect(of("")).toBe(20);
  });
});
