import type { Meter } from "../../events/batch-report";
import type { TenantUsage } from "../../events/ops-state";

import { PRICES, type PricedOperation } from "./price-table";

export { PRICES, type PricedOperation };

const ops: readonly PricedOperation[] = [
  "queue_operations",
  "do_requests",
  "sqlite_rows_read",
  "sqlite_rows_written",
  "worker_requests",
];

/** What the metered usage costs, per million events and in total. */
export type CostReport = {
  events: number;
  /** Each operation per event (0 when no event has been metered yet). */
  per_event: Record<PricedOperation, number>;
  /** Dollars per million events, per operation and in total. */
  usd_per_million_events: Record<PricedOperation | "total", number>;
  usd_total: number;
};

/** Prices a meter with the price table. Pure. */
export function priceMeter(meter: Meter): CostReport {
  const perEvent = (op: PricedOperation) =>
    meter.events > 0 ? round(meter[op] / meter.events, 4) : 0;
  // $ per million events = (operations / events) × 1e6 events × (price / 1e6 operations).
  const usdPerMillion = (op: PricedOperation) =>
    meter.events > 0 ? (meter[op] / meter.events) * PRICES.usd_per_million[op] : 0;
  const usd = (op: PricedOperation) => (meter[op] / 1e6) * PRICES.usd_per_million[op];
  return {
    events: meter.events,
    per_event: {
      queue_operations: perEvent("queue_operations"),
      do_requests: perEvent("do_requests"),
      sqlite_rows_read: perEvent("sqlite_rows_read"),
      sqlite_rows_written: perEvent("sqlite_rows_written"),
      worker_requests: perEvent("worker_requests"),
    },
    usd_per_million_events: {
      queue_operations: round(usdPerMillion("queue_operations"), 6),
      do_requests: round(usdPerMillion("do_requests"), 6),
      sqlite_rows_read: round(usdPerMillion("sqlite_rows_read"), 6),
      sqlite_rows_written: round(usdPerMillion("sqlite_rows_written"), 6),
      worker_requests: round(usdPerMillion("worker_requests"), 6),
      total: round(
        ops.reduce((sum, op) => sum + usdPerMillion(op), 0),
        6,
      ),
    },
    usd_total: round(
      ops.reduce((sum, op) => sum + usd(op), 0),
      6,
    ),
  };
}

/** One tenant's agent cost: its operations, their price, and that per million applied events. */
export type TenantCost = {
  operations: TenantUsage;
  usd_total: number;
  usd_per_million_events: number | null;
};

/**
 * Prices a tenant's share of the meter: the operations of its own agent (calls, alarms,
 * SQLite rows, the SDK's own included). The queue and Worker operations the
 * events shared with other tenants are in the platform-wide meter, not here.
 */
export function priceTenant(usage: TenantUsage, applied: number): TenantCost {
  const usd =
    (usage.do_requests * PRICES.usd_per_million.do_requests +
      usage.sqlite_rows_read * PRICES.usd_per_million.sqlite_rows_read +
      usage.sqlite_rows_written * PRICES.usd_per_million.sqlite_rows_written) /
    1e6;
  return {
    operations: usage,
    usd_total: round(usd, 6),
    usd_per_million_events: applied > 0 ? round((usd / applied) * 1e6, 4) : null,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
