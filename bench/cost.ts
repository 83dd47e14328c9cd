import { PRICES, type PricedOperation } from "../agents/ops/price-table";
import type { Target } from "./ingest";

export type MeterReading = Record<PricedOperation, number>;

const OPERATIONS = Object.keys(PRICES.usd_per_million) as PricedOperation[];

/** Reads a pipeline's billable-operation meter (cumulative since it started). */
export async function readMeter(
  target: Target,
  path: string,
  pick: (body: unknown) => MeterReading,
): Promise<MeterReading> {
  const response = await fetch(target.url + path, { headers: target.headers });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return pick(await response.json());
}

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
