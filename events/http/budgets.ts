import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";

/** `PUT /api/tenants/:id/budget`: a monthly budget in US dollars, and whether to hold new runs at it. */
export const BudgetInput = z.strictObject({
  monthly_usd: z.number().positive().max(1_000_000),
  /** Hold the tenant's new content runs once the month's spend reaches the budget. */
  pause_runs: z.boolean().default(false),
});
export type BudgetInput = z.infer<typeof BudgetInput>;

/** A tenant's budget as stored: who set it and when. */
export const Budget = z.looseObject({
  monthly_usd: count,
  pause_runs: z.boolean(),
  updated_at: text,
  updated_by: maybeText,
});
export type Budget = z.infer<typeof Budget>;

/**
 * `GET /api/tenants/:id/budget`, and each tenant's `spend` in `GET /api/tenants`: this
 * calendar month's (UTC) spend, its forecast at the month's pace so far, the budget, the
 * share spent, the threshold reached (0, 80, 100) and whether new runs are held.
 */
export const BudgetStatus = z.looseObject({
  month: text,
  spent_usd: count,
  forecast_usd: count,
  budget: Budget.nullable(),
  percent: maybeCount,
  level: z.union([z.literal(0), z.literal(80), z.literal(100)]),
  runs_held: z.boolean(),
});
export type BudgetStatus = z.infer<typeof BudgetStatus>;
