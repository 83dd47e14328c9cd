/**
 * The dead-letter store's counter rows (`dead_letter_counts`): per tenant and for the
 * whole store, the letters held, and how many were evicted over quota or expired past
 * retention. Every write to `dead_letters` updates them in its own transaction, so the
 * hot paths (publishing the live state, the list) read one row instead of counting.
 */

/** The counter row of the whole store. */
export const ALL_SCOPE = "*";
/** The counter row of letters without a (valid) tenant id; no tenant id starts with "-". */
export const NO_TENANT_SCOPE = "-";

export type DeadLetterCounts = { letters: number; evicted: number; expired: number };

/** The counter row a letter of this tenant counts under. */
export function scopeOf(tenantId: string | null): string {
  return tenantId ?? NO_TENANT_SCOPE;
}

/** Adds to a tenant's counters and the whole store's, in the caller's transaction. */
export function addToCounts(
  sql: SqlStorage,
  tenantId: string | null,
  change: Partial<DeadLetterCounts>,
): void {
  const { letters = 0, evicted = 0, expired = 0 } = change;
  if (letters === 0 && evicted === 0 && expired === 0) return;
  for (const scope of [scopeOf(tenantId), ALL_SCOPE]) {
    sql.exec(
      `INSERT INTO dead_letter_counts (scope, letters, evicted, expired) VALUES (?, ?, ?, ?)
       ON CONFLICT (scope) DO UPDATE SET letters = letters + excluded.letters,
         evicted = evicted + excluded.evicted, expired = expired + excluded.expired`,
      scope,
      letters,
      evicted,
      expired,
    );
  }
}

/** The counters of one tenant (`scopeOf`), or of the whole store (`ALL_SCOPE`). */
export function readCounts(sql: SqlStorage, scope: string): DeadLetterCounts {
  const row = sql
    .exec<DeadLetterCounts>(
      "SELECT letters, evicted, expired FROM dead_letter_counts WHERE scope = ?",
      scope,
    )
    .toArray()[0];
  return row ?? { letters: 0, evicted: 0, expired: 0 };
}
