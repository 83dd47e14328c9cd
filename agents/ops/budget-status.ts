import type { TenantUsage } from "../../events/ops-state";
import { priceTenant } from "./prices";

/** A tenant's monthly budget, as an operator or the tenant set it. */
export type Budget = {
  monthly_usd: number;
  /** Hold the tenant's new content runs once the month's spend reaches the budget. */
  pause_runs: boolean;
  updated_at: string;
  updated_by: string | null;
};

/** The thresholds a tenant's spend is judged against: none, 80 % and 100 % of its budget. */
export const BUDGET_LEVELS = [0, 80, 100] as const;
export type BudgetLevel = (typeof BUDGET_LEVELS)[number];

/** Where a tenant's spend stands this month. */
export type BudgetStatus = {
  /** The calendar month (UTC) the figures are for, `YYYY-MM`. */
  month: string;
  /** What the tenant's agent cost this month, at the price table (agents/ops/prices.ts). */
  spent_usd: number;
  /** The spend at the month's end if it goes on at this month's pace so far. */
  forecast_usd: number;
  budget: Budget | null;
  /** Spend as a share of the budget, in percent (null without a budget). */
  percent: number | null;
  /** The highest threshold the spend has reached: 0, 80 or 100. */
  level: BudgetLevel;
  /** Whether the tenant's new runs are held because the budget is spent (`pause_runs`). */
  runs_held: boolean;
};

/** The calendar month (UTC) of a time, `YYYY-MM`. */
export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

/** The first instant of a month and of the next (UTC, ms). */
export function monthBounds(month: string): { start: number; end: number } {
  const [year, index] = month.split("-").map(Number) as [number, number];
  return { start: Date.UTC(year, index - 1, 1), end: Date.UTC(year, index, 1) };
}

/**
 * A forecast from the first hour alone would multiply a minute's noise by 700; below
 * an hour of the month the forecast uses an hour's pace.
 */
const MIN_ELAPSED_MS = 3_600_000;

/** The tenant's spend, forecast and threshold this month, from its usage this month. */
export function budgetStatus(
  budget: Budget | null,
  usage: TenantUsage | undefined,
  nowMs: number,
): BudgetStatus {
  const month = monthOf(nowMs);
  const spent = usage ? priceTenant(usage, 0).usd_total : 0;
  const { start, end } = monthBounds(month);
  const elapsed = Math.max(MIN_ELAPSED_MS, nowMs - start);
  const forecast = round((spent * (end - start)) / elapsed);
  const percent = budget ? round((spent / budget.monthly_usd) * 100, 2) : null;
  const level = levelOf(percent);
  return {
    month,
    spent_usd: spent,
    forecast_usd: Math.max(spent, forecast),
    budget,
    percent,
    level,
    runs_held: (budget?.pause_runs ?? false) && level === 100,
  };
}

/** The highest threshold a spend (percent of the budget) has reached. */
export function levelOf(percent: number | null): BudgetLevel {
  if (percent === null) return 0;
  if (percent >= 100) return 100;
  return percent >= 80 ? 80 : 0;
}

function round(value: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
