import type { TenantUsage } from "../../events/ops-state";
import { addUsage } from "../../platform/metrics/merge";
import { chunksOf, placeholders } from "../../platform/sqlite/chunks";
import { monthOf } from "./budget-status";
import { type PendingTotals, readPending } from "./pending-totals";

/**
 * What each tenant's agent cost per calendar month (UTC): the usage the consumers report
 * (`TenantUsage`), added as the pending totals are folded, so budgets judge this month's
 * spend rather than the spend since the tenant was registered.
 */
export const monthlyUsageMigrationSql = `
  CREATE TABLE tenant_usage_months (
    tenant_id TEXT NOT NULL,
    month TEXT NOT NULL,
    do_requests INTEGER NOT NULL,
    sqlite_rows_read INTEGER NOT NULL,
    sqlite_rows_written INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, month)
  ) WITHOUT ROWID;
`;

/**
 * Adds folded usage to each tenant's month (`summaries.ts` calls it as it folds the
 * pending totals, about once a minute), the month the pending row began in: usage that
 * straddles midnight on the 1st counts in the month that ended.
 */
export function addMonthlyUsage(
  sql: SqlStorage,
  entries: ReadonlyMap<string, PendingTotals>,
  nowMs: number,
): void {
  const month = monthOf(nowMs);
  for (const [tenantId, { usage }] of entries) {
    if (!usage) continue;
    sql.exec(
      `INSERT INTO tenant_usage_months (tenant_id, month, do_requests, sqlite_rows_read, sqlite_rows_written)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (tenant_id, month) DO UPDATE SET
         do_requests = do_requests + excluded.do_requests,
         sqlite_rows_read = sqlite_rows_read + excluded.sqlite_rows_read,
         sqlite_rows_written = sqlite_rows_written + excluded.sqlite_rows_written`,
      tenantId,
      month,
      usage.do_requests,
      usage.sqlite_rows_read,
      usage.sqlite_rows_written,
    );
  }
}

/** Each tenant's usage this month: folded, with the pending (not yet folded) usage added. */
export function monthlyUsage(
  sql: SqlStorage,
  ids: readonly string[],
  nowMs: number,
): Map<string, TenantUsage> {
  const month = monthOf(nowMs);
  const out = new Map<string, TenantUsage>();
  for (const chunk of chunksOf([...new Set(ids)])) {
    for (const row of sql.exec<TenantUsage & { tenant_id: string }>(
      `SELECT tenant_id, do_requests, sqlite_rows_read, sqlite_rows_written FROM tenant_usage_months
       WHERE month = ? AND tenant_id IN (${placeholders(chunk.length)})`,
      month,
      ...chunk,
    )) {
      const { tenant_id, ...usage } = row;
      out.set(tenant_id, usage);
    }
  }
  // Pending usage counts in the month its row began, as the fold will count it.
  const row = readPending(sql);
  const pending = row && monthOf(row.since) === month ? row.tenants : undefined;
  for (const id of ids) {
    const usage = addUsage(out.get(id), pending?.get(id)?.usage);
    if (usage) out.set(id, usage);
  }
  return out;
}
