/**
 * Failed runs per tenant per hour, from the counters tenants' summaries carry. A
 * summary holds the tenant's `runs_failed` total; each summary that raises it past the
 * largest total seen so far writes one row with the increase and its arrival time. The
 * rate of the last hour is the sum of the increases that arrived within it: exact to
 * the summary's arrival (≤ about a second after the run failed), never counting a
 * failure twice (a late, older summary raises nothing), and a quiet tenant writes
 * nothing. Rows older than an hour are pruned at each evaluation.
 */

export const FAILED_RUNS_WINDOW_MS = 60 * 60 * 1000;

/** Notes a tenant's reported `runs_failed` total; call in the summary's transaction. */
export function recordFailedRuns(
  sql: SqlStorage,
  tenantId: string,
  runsFailed: number,
  nowMs: number,
): void {
  if (!Number.isFinite(runsFailed)) return;
  const seen =
    sql
      .exec<{ runs_failed: number }>(
        "SELECT runs_failed FROM alert_failed_runs_seen WHERE tenant_id = ?",
        tenantId,
      )
      .toArray()[0]?.runs_failed ?? 0;
  // A tenant registered after the migration started from zero failures.
  if (runsFailed <= seen) return;
  sql.exec(
    `INSERT INTO alert_failed_runs_seen (tenant_id, runs_failed) VALUES (?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET runs_failed = excluded.runs_failed`,
    tenantId,
    runsFailed,
  );
  sql.exec(
    "INSERT INTO alert_failed_runs (tenant_id, at_ms, failed) VALUES (?, ?, ?)",
    tenantId,
    nowMs,
    runsFailed - seen,
  );
}

/** Failed runs that reached the OpsAgent in the hour before `nowMs`, per tenant (only > 0). */
export function failedRunsLastHour(sql: SqlStorage, nowMs: number): Map<string, number> {
  const rows = sql
    .exec<{ tenant_id: string; failed: number }>(
      `SELECT tenant_id, SUM(failed) AS failed FROM alert_failed_runs
        WHERE at_ms > ? AND at_ms <= ? GROUP BY tenant_id`,
      nowMs - FAILED_RUNS_WINDOW_MS,
      nowMs,
    )
    .toArray();
  return new Map(rows.map((row) => [row.tenant_id, row.failed]));
}

export function pruneFailedRuns(sql: SqlStorage, nowMs: number): void {
  sql.exec("DELETE FROM alert_failed_runs WHERE at_ms <= ?", nowMs - FAILED_RUNS_WINDOW_MS);
}
