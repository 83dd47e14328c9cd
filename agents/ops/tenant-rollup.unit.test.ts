import { describe, expect, it } from "vitest";
import type { TenantCounters } from "../../events/ops-state";
import { MAX_TOP_TENANTS, rollUpTenants } from "./tenant-rollup";

function summary(applied: number, extra: Partial<TenantCounters> = {}): TenantCounters {
  return {
    applied,
    duplicates: 0,
    cycles: 0,
    decisions: 0,
    runs_started: 0,
    runs_active: 0,
    runs_completed: 0,
    runs_failed: 0,
    articles_published: 0,
    strategy_version: 1,
    last_cycle_at: null,
    last_error: null,
    updated_at: "2026-01-01T00:00:00.000Z",
    ...extra,
  };
}

// 1,000 DO requests cost $0.00015 (0.15 per million); the tests use round figures of it.
const usage = (do_requests: number) => ({
  do_requests,
  sqlite_rows_read: 0,
  sqlite_rows_written: 0,
});

describe("rolling the tenants up for a scrape", () => {
  it("names the top N by applied events and sums the rest as other", () => {
    const rollup = rollUpTenants(
      [
        ["a", summary(5, { usage: usage(1_000) })],
        ["b", summary(50, { usage: usage(2_000) })],
        ["c", summary(7, { usage: usage(4_000) })],
        ["d", null],
      ],
      2,
    );
    expect(rollup.top).toEqual([
      { tenant: "b", applied: 50, usd: 0.0003 },
      { tenant: "c", applied: 7, usd: 0.0006 },
    ]);
    expect(rollup.other).toEqual({ tenant: "other", applied: 5, usd: 0.00015 });
    expect(rollup.tenants).toBe(4);
  });

  it("breaks ties by id, so the same tenants are named scrape after scrape", () => {
    const rollup = rollUpTenants(
      [
        ["z", summary(3)],
        ["m", summary(3)],
        ["a", summary(3)],
      ],
      2,
    );
    expect(rollup.top.map((t) => t.tenant)).toEqual(["a", "m"]);
    expect(rollup.other.applied).toBe(3);
  });

  it("sums the runs of every tenant, named or not", () => {
    const rollup = rollUpTenants(
      [
        ["a", summary(1, { runs_active: 1, runs_started: 3, runs_completed: 2, runs_failed: 0 })],
        ["b", summary(0, { runs_active: 0, runs_started: 2, runs_completed: 1, runs_failed: 1 })],
      ],
      0,
    );
    expect(rollup.runs).toEqual({ active: 1, started: 5, completed: 3, failed: 1 });
    expect(rollup.top).toEqual([]);
    expect(rollup.other.applied).toBe(1);
  });

  it("never names a tenant whose id is other on its own: it is in the other series", () => {
    const rollup = rollUpTenants(
      [
        ["other", summary(100)],
        ["b", summary(1)],
      ],
      5,
    );
    expect(rollup.top.map((t) => t.tenant)).toEqual(["b"]);
    expect(rollup.other.applied).toBe(100);
  });

  it("holds N to its bound", () => {
    const many = Array.from(
      { length: MAX_TOP_TENANTS + 10 },
      (_, i) => [`t${i}`, summary(i)] as const,
    );
    const rollup = rollUpTenants(many, 10_000);
    expect(rollup.top).toHaveLength(MAX_TOP_TENANTS);
    expect(rollup.other.applied).toBe(45); // t0..t9
  });
});
