import { log } from "../../platform/log";
import { chunksOf, placeholders } from "../../platform/sqlite/chunks";
import {
  type Budget,
  type BudgetLevel,
  type BudgetStatus,
  budgetStatus,
  levelOf,
} from "./budget-status";
import { monthlyUsage } from "./monthly-usage";
import { appendActivity } from "./summaries";

/**
 * Per-tenant budgets: the budget each tenant has (if any), and the threshold each
 * budgeted tenant's spend last reached, with whether its runs should be held and
 * whether its agent has been told (the usage per month is in `monthly-usage.ts`).
 */
export const budgetsMigrationSql = `
  CREATE TABLE tenant_budgets (
    tenant_id TEXT PRIMARY KEY,
    monthly_usd REAL NOT NULL,
    pause_runs INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT
  );
  CREATE TABLE budget_levels (
    tenant_id TEXT PRIMARY KEY,
    month TEXT NOT NULL,
    level INTEGER NOT NULL,
    hold_wanted INTEGER NOT NULL,
    hold_applied INTEGER NOT NULL,
    changed_at TEXT NOT NULL
  );
  CREATE INDEX budget_holds_out_of_sync ON budget_levels (tenant_id)
    WHERE hold_wanted != hold_applied;
`;

type BudgetRow = {
  tenant_id: string;
  monthly_usd: number;
  pause_runs: number;
  updated_at: string;
  updated_by: string | null;
};

export function readBudgets(sql: SqlStorage, ids: readonly string[]): Map<string, Budget> {
  const out = new Map<string, Budget>();
  for (const chunk of chunksOf([...new Set(ids)])) {
    for (const row of sql.exec<BudgetRow>(
      `SELECT tenant_id, monthly_usd, pause_runs, updated_at, updated_by FROM tenant_budgets
       WHERE tenant_id IN (${placeholders(chunk.length)})`,
      ...chunk,
    )) {
      out.set(row.tenant_id, {
        monthly_usd: row.monthly_usd,
        pause_runs: row.pause_runs === 1,
        updated_at: row.updated_at,
        updated_by: row.updated_by,
      });
    }
  }
  return out;
}

/** The ids of every tenant with a budget. */
export function budgetedTenants(sql: SqlStorage): string[] {
  return sql
    .exec<{ tenant_id: string }>("SELECT tenant_id FROM tenant_budgets")
    .toArray()
    .map((r) => r.tenant_id);
}

/** Sets (or, with null, removes) a tenant's budget. */
export function writeBudget(sql: SqlStorage, tenantId: string, budget: Budget | null): void {
  if (budget === null) {
    sql.exec("DELETE FROM tenant_budgets WHERE tenant_id = ?", tenantId);
    return;
  }
  sql.exec(
    `INSERT INTO tenant_budgets (tenant_id, monthly_usd, pause_runs, updated_at, updated_by)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET monthly_usd = excluded.monthly_usd,
       pause_runs = excluded.pause_runs, updated_at = excluded.updated_at,
       updated_by = excluded.updated_by`,
    tenantId,
    budget.monthly_usd,
    budget.pause_runs ? 1 : 0,
    budget.updated_at,
    budget.updated_by,
  );
}

/** The budget status of each of `ids` (tenants without a budget included). */
export function readBudgetStatuses(
  sql: SqlStorage,
  ids: readonly string[],
  nowMs: number,
): Map<string, BudgetStatus> {
  const budgets = readBudgets(sql, ids);
  const usage = monthlyUsage(sql, ids, nowMs);
  return new Map(
    ids.map((id) => [id, budgetStatus(budgets.get(id) ?? null, usage.get(id), nowMs)]),
  );
}

/** A tenant whose spend crossed a threshold (up, or down in a new month or a new budget). */
export type BudgetChange = {
  tenant_id: string;
  from: BudgetLevel;
  to: BudgetLevel;
  status: BudgetStatus;
};

/**
 * Judges the spend of the budgeted tenants among `ids` (all budgeted tenants when
 * omitted) and records the threshold each reached, with whether its runs should be held;
 * each threshold crossed adds a line to the operator's activity feed. Returns those, and
 * how many tenants' rows changed (a threshold or a hold). Call inside a transaction.
 */
export function evaluateBudgets(
  sql: SqlStorage,
  nowMs: number,
  ids: readonly string[] = budgetedTenants(sql),
): { crossed: BudgetChange[]; written: number } {
  const at = new Date(nowMs).toISOString();
  const statuses = readBudgetStatuses(sql, ids, nowMs);
  const known = readLevels(sql, ids);
  const crossed: BudgetChange[] = [];
  let written = 0;
  for (const id of ids) {
    const status = statuses.get(id);
    if (!status) continue;
    const before = known.get(id);
    // A tenant without a budget keeps no level row, unless its runs must be released.
    if (!status.budget && !before) continue;
    const from = before && before.month === status.month ? levelOf(before.level) : 0;
    const held = status.runs_held ? 1 : 0;
    if (before && before.month === status.month && before.level === status.level) {
      if (before.hold_wanted === held) continue;
    }
    sql.exec(
      `INSERT INTO budget_levels (tenant_id, month, level, hold_wanted, hold_applied, changed_at)
       VALUES (?, ?, ?, ?, 0, ?)
       ON CONFLICT (tenant_id) DO UPDATE SET month = excluded.month, level = excluded.level,
         hold_wanted = excluded.hold_wanted, changed_at = excluded.changed_at`,
      id,
      status.month,
      status.level,
      held,
      at,
    );
    written++;
    if (from !== status.level) {
      crossed.push({ tenant_id: id, from, to: status.level, status });
      appendActivity(sql, id, [
        { at, kind: "budget", text: budgetLine(status), correlation_id: null },
      ]);
    }
  }
  return { crossed, written };
}

/** The tenants whose agents have not yet been told to hold or release their runs. */
export function holdsOutOfSync(sql: SqlStorage): { tenant_id: string; hold: boolean }[] {
  return sql
    .exec<{ tenant_id: string; hold_wanted: number }>(
      "SELECT tenant_id, hold_wanted FROM budget_levels WHERE hold_wanted != hold_applied",
    )
    .toArray()
    .map((r) => ({ tenant_id: r.tenant_id, hold: r.hold_wanted === 1 }));
}

/** Records that a tenant's agent holds (or released) its runs as wanted. */
export function markHoldApplied(sql: SqlStorage, tenantId: string, hold: boolean): void {
  sql.exec(
    "UPDATE budget_levels SET hold_applied = ? WHERE tenant_id = ? AND hold_wanted = ?",
    hold ? 1 : 0,
    tenantId,
    hold ? 1 : 0,
  );
}

/** The sentence for an activity line or a run's wait. */
export function budgetLine(status: BudgetStatus): string {
  const spent = `$${status.spent_usd.toFixed(4)}`;
  if (!status.budget) return `No budget; ${spent} spent in ${status.month}.`;
  const of = `of the $${status.budget.monthly_usd} budget for ${status.month}`;
  if (status.level === 100)
    return `Budget reached: ${spent} ${of}${status.runs_held ? "; new runs are held" : ""}.`;
  if (status.level === 80) return `80 % of the budget spent: ${spent} ${of}.`;
  return `Spend back under 80 %: ${spent} ${of}.`;
}

type LevelRow = { tenant_id: string; month: string; level: number; hold_wanted: number };

function readLevels(sql: SqlStorage, ids: readonly string[]): Map<string, LevelRow> {
  const out = new Map<string, LevelRow>();
  for (const chunk of chunksOf([...new Set(ids)])) {
    for (const row of sql.exec<LevelRow>(
      `SELECT tenant_id, month, level, hold_wanted FROM budget_levels
       WHERE tenant_id IN (${placeholders(chunk.length)})`,
      ...chunk,
    ))
      out.set(row.tenant_id, row);
  }
  return out;
}

/** Budgets are judged again each hour at :07 (and on every flush that reaches them). */
export const BUDGET_CHECK_CRON = "7 * * * *";

/**
 * Judges the budgets of a metrics flush's tenants, if any of them has one: a flush
 * without budgeted tenants costs one indexed lookup. Returns how many changed threshold
 * or hold. Call inside the flush's transaction.
 */
export function judgeFlushBudgets(
  sql: SqlStorage,
  totals: readonly { tenant_id: string; usage?: unknown }[],
  nowMs: number,
): number {
  const ids = totals.filter((t) => t.usage).map((t) => t.tenant_id);
  if (ids.length === 0) return 0;
  const budgeted = [...readBudgets(sql, ids).keys()];
  if (budgeted.length === 0) return 0;
  return evaluateBudgets(sql, nowMs, budgeted).written;
}

/** Tells one tenant's agent to hold its new runs (with why), or to release them (null). */
export type TellAgent = (
  tenantId: string,
  hold: { reason: "budget"; text: string; since: string } | null,
) => Promise<unknown>;

/**
 * Tells each tenant's agent whose runs should be held (or released) and has not been
 * told, and records each one told; the agent's hold is idempotent. Returns how many
 * calls failed (the caller tries those again later).
 */
export async function syncHolds(sql: SqlStorage, nowMs: number, tell: TellAgent): Promise<number> {
  let failed = 0;
  for (const { tenant_id, hold } of holdsOutOfSync(sql)) {
    try {
      const status = readBudgetStatuses(sql, [tenant_id], nowMs).get(tenant_id);
      await tell(
        tenant_id,
        hold && status
          ? { reason: "budget", text: budgetLine(status), since: new Date(nowMs).toISOString() }
          : null,
      );
      markHoldApplied(sql, tenant_id, hold);
    } catch (error) {
      failed++;
      log({
        level: "warn",
        msg: "budget hold not applied",
        tenant: tenant_id,
        hold,
        error: String(error),
      });
    }
  }
  return failed;
}
