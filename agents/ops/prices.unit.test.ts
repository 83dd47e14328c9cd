import { describe, expect, it } from "vitest";
import { emptyMeter } from "../../events/batch-report";
import { PRICES, priceMeter } from "./prices";

describe("pricing the meter", () => {
  it("prices a typical event (3 queue operations, 2 DO requests, 4 rows written) per million events", () => {
    const meter = {
      ...emptyMeter(),
      events: 1_000,
      queue_operations: 3_000,
      do_requests: 2_000,
      sqlite_rows_written: 4_000,
      sqlite_rows_read: 10_000,
      worker_requests: 10,
    };
    const cost = priceMeter(meter);
    expect(cost.per_event).toMatchObject({ queue_operations: 3, do_requests: 2 });
    // 3 × $0.40 + 2 × $0.15 + 4 × $1.00 + 10 × $0.001 + 0.01 × $0.30
    expect(cost.usd_per_million_events.queue_operations).toBeCloseTo(1.2, 6);
    expect(cost.usd_per_million_events.total).toBeCloseTo(1.2 + 0.3 + 4 + 0.01 + 0.003, 6);
    expect(cost.usd_total).toBeCloseTo(cost.usd_per_million_events.total / 1_000, 6);
  });

  it("reports zero per event before any event was metered", () => {
    const cost = priceMeter({ ...emptyMeter(), do_requests: 5 });
    expect(cost.usd_per_million_events.total).toBe(0);
    expect(cost.usd_total).toBeGreaterThan(0);
  });

  it("says when its prices were taken", () => {
    expect(PRICES.taken_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
