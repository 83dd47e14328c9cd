import { PRICES, type PricedOperation } from "../agents/ops/price-table";

export type MeterReading = Record<PricedOperation, number>;

const OPERATIONS = Object.keys(PRICES.usd_per_million) as PricedOperation[];

export type CostFigures = {
  per_event: Record<PricedOperation, number>;
  usd_per_million_events: number;
};

/** Prices the operations between two readings over `events` events, with the one price table. */
export function costBetween(
  before: MeterReading,
  after: MeterReading,
  events: number,
): CostFigures {
  const perEvent = Object.fromEntries(
    OPERATIONS.map((op) => [op, (after[op] - before[op]) / events]),
  ) as Record<PricedOperation, number>;
  const usd = OPERATIONS.reduce((sum, op) => sum + perEvent[op] * PRICES.usd_per_million[op], 0);
  return { per_event: perEvent, usd_per_million_events: usd };
}
