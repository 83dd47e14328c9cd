import type { TenantCounters } from "../ops-state";
import { readCounters } from "../shared/counters";
import {
  type ActiveRun,
  type CycleInfo,
  type LastError,
  type LastEvent,
  MAX_ACTIVE_RUNS,
  type TenantState,
} from "../tenant-state";
import { readMeta } from "./meta";
import { listRuns } from "./run-store";
import { currentStrategy } from "./strategy-store";

const FINISHED = ["complete", "errored", "terminated"];

/**
 * The state the dashboard sees, read back from the tables (so it always matches them):
 * counters, the current cycle, the active runs with their progress, the strategy
 * version and the last error.
 */
export function readView(
  sql: SqlStorage,
  tenantId: string,
  lastEvent: LastEvent | null,
): TenantState {
  const counters = readCounters(sql);
  const { version, strategy } = currentStrategy(sql);
  const runs = sql
    .exec<{ status: string; n: number }>("SELECT status, COUNT(*) AS n FROM runs GROUP BY status")
    .toArray();
  const count = (statuses: string[]) =>
    runs.filter((r) => statuses.includes(r.status)).reduce((sum, r) => sum + r.n, 0);
  const active_runs: ActiveRun[] = listRuns(sql, { limit: MAX_ACTIVE_RUNS, active: true }).map(
    (run) => ({
      run_id: run.run_id,
      keyword: run.keyword,
      status: run.status,
      step: run.step,
      percent: run.percent,
      correlation_id: run.correlation_id,
      requested_at: run.requested_at,
    }),
  );
  return {
    tenant_id: tenantId,
    applied: counters.applied ?? 0,
    duplicates: counters.duplicates ?? 0,
    last_event: lastEvent,
    strategy_version: version,
    cycle_cron: version === 0 ? "" : strategy.cycle_cron,
    current_cycle: parseJson<CycleInfo>(readMeta(sql, "current_cycle")),
    counts: {
      cycles: counters.cycles ?? 0,
      decisions: counters.decisions ?? 0,
      runs_started: runs.reduce((sum, r) => sum + r.n, 0) - count(["requested"]),
      runs_active: runs.reduce((sum, r) => sum + r.n, 0) - count(FINISHED),
      runs_completed: count(["complete"]),
      runs_failed: count(["errored", "terminated"]),
      articles_published: sql
        .exec<{ n: number }>("SELECT COUNT(*) AS n FROM content WHERE published_at IS NOT NULL")
        .one().n,
    },
    active_runs,
    last_error: parseJson<LastError>(readMeta(sql, "last_error")),
  };
}

/** The counters the operator's tenant list shows, from the same view. */
export function toSummary(
  view: TenantState,
  lastCycleAt: string | null,
  now: string,
): TenantCounters {
  return {
    applied: view.applied,
    duplicates: view.duplicates,
    ...view.counts,
    strategy_version: view.strategy_version,
    last_cycle_at: lastCycleAt,
    last_error: view.last_error?.message ?? null,
    updated_at: now,
  };
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
