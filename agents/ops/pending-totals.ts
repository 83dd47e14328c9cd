import type { TenantUsage } from "../../events/ops-state";

/**
 * A tenant's totals from the metrics flushes, not yet folded into its summary: the
 * largest applied/duplicate totals seen, the usage summed, and when the first of them
 * came (the time a summary made from them alone is dated).
 */
export type PendingTotals = {
  applied: number;
  duplicates: number;
  usage?: TenantUsage;
  at: string;
};

/** The one pending row: every tenant's pending totals, and since when the row has held any. */
export type PendingRow = { tenants: Map<string, PendingTotals>; since: number };

/**
 * The flushes' tenant totals in one row (JSON keyed by tenant id), so a flush writes one
 * row however many tenants it reached; `summaries.ts` folds it into `tenant_summaries`
 * at most about once a minute and overlays it on every read.
 */
export const pendingTotalsMigrationSql = `
  CREATE TABLE pending_totals (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    tenants TEXT NOT NULL,
    since INTEGER NOT NULL
  );
`;

export function readPending(sql: SqlStorage): PendingRow | null {
  const row = sql
    .exec<{ tenants: string; since: number }>("SELECT tenants, since FROM pending_totals")
    .toArray()[0];
  if (!row) return null;
  const tenants = JSON.parse(row.tenants) as Record<string, PendingTotals>;
  return { tenants: new Map(Object.entries(tenants)), since: row.since };
}

/** Serialises the pending totals (its length decides when they are folded). */
export function pendingJson(tenants: ReadonlyMap<string, PendingTotals>): string {
  return JSON.stringify(Object.fromEntries(tenants));
}

/** Replaces the pending row: one row written. */
export function writePending(sql: SqlStorage, json: string, since: number): void {
  sql.exec(
    `INSERT INTO pending_totals (id, tenants, since) VALUES (1, ?, ?)
     ON CONFLICT (id) DO UPDATE SET tenants = excluded.tenants, since = excluded.since`,
    json,
    since,
  );
}

/** Removes the pending row once it is folded (in the fold's transaction). */
export function clearPending(sql: SqlStorage): void {
  sql.exec("DELETE FROM pending_totals");
}
