import type { QuotaRefusalCount } from "../../events/batch-report";
/**
 * Requests refused because a tenant was past its share (429 from the per-tenant event,
 * cycle and action quotas, worker/auth/rate-limit.ts), counted per tenant and minute as
 * the Worker isolates' metrics flushes bring them: what the `tenant_held_by_quota` alert
 * rule reads. A day is kept; a flush's write prunes what is older.
 */
export const quotaRefusalsMigrationSql = `
  CREATE TABLE quota_refusals (
    tenant_id TEXT NOT NULL,
    minute INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, minute)
  ) WITHOUT ROWID;
  CREATE INDEX quota_refusals_by_minute ON quota_refusals (minute);
`;

const KEEP_MINUTES = 24 * 60;

/** Adds a flush's refusals to the tenants' minutes; call inside the flush's transaction. */
export function recordQuotaRefusals(
  sql: SqlStorage,
  refusals: readonly QuotaRefusalCount[],
  nowMs: number,
): void {
  if (refusals.length === 0) return;
  const minute = Math.floor(nowMs / 60_000);
  for (const { tenant_id, count } of refusals) {
    if (count <= 0) continue;
    sql.exec(
      `INSERT INTO quota_refusals (tenant_id, minute, count) VALUES (?, ?, ?)
       ON CONFLICT (tenant_id, minute) DO UPDATE SET count = count + excluded.count`,
      tenant_id,
      minute,
      count,
    );
  }
  sql.exec("DELETE FROM quota_refusals WHERE minute < ?", minute - KEEP_MINUTES);
}

/** Refused requests per tenant over the last `minutes` (the current minute included). */
export function quotaRefusalsSince(
  sql: SqlStorage,
  minutes: number,
  nowMs: number,
): Map<string, number> {
  const from = Math.floor(nowMs / 60_000) - minutes + 1;
  const rows = sql
    .exec<{ tenant_id: string; n: number }>(
      "SELECT tenant_id, SUM(count) AS n FROM quota_refusals WHERE minute >= ? GROUP BY tenant_id",
      from,
    )
    .toArray();
  return new Map(rows.map((r) => [r.tenant_id, r.n]));
}
