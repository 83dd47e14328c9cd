/** Named single values of the tenant (last research, last cycle, …) in `tenant_meta`. */
export type MetaKey =
  | "last_research_requested_at"
  | "last_research_completed_at"
  | "last_cycle_at"
  | "current_cycle"
  | "initialised_at"
  | "summary_dirty"
  | "last_error"
  /** Why new runs are held (run-hold.ts), as JSON; absent while they start freely. */
  | "runs_held"
  /** Why new runs are held while the tenant is paused or archived (run-hold.ts), as JSON. */
  | "runs_paused"
  /** Whether the tenant is paused or archived, since when and by whom (pause.ts), as JSON. */
  | "delivery_hold";

export function readMeta(sql: SqlStorage, key: MetaKey): string | null {
  return (
    sql.exec<{ value: string }>("SELECT value FROM tenant_meta WHERE key = ?", key).toArray()[0]
      ?.value ?? null
  );
}

export function writeMeta(sql: SqlStorage, key: MetaKey, value: string | null): void {
  if (value === null) sql.exec("DELETE FROM tenant_meta WHERE key = ?", key);
  else
    sql.exec(
      "INSERT INTO tenant_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      key,
      value,
    );
}
