import type { TenantCounters } from "../../events/ops-state";
import {
  type ActiveRun,
  type CycleInfo,
  type LastError,
  type LastEvent,
  MAX_ACTIVE_RUNS,
  type TenantHold,
  type TenantState,
} from "../../events/tenant-state";
import { readCounters } from "../../platform/sqlite/counters";
import { lastLoggedEvent } from "./event-log";
import { readMeta } from "./meta";
import { countHeld, readHold } from "./pause";
import { listRuns } from "./run-store";
import { currentStrategy } from "./strategy-store";
import { readTraffic } from "./traffic";

/**
 * The state the dashboard sees, read back from the tables (so it always matches them):
 * counters (kept in the transactions that change what they count, so reading them costs
 * the same however long the history), the last event logged, the current cycle, the active runs with their
 * progress, the strategy version and the last error.
 */
/** The hold the state shows: one meta read while active, a count while held. */
function heldView(sql: SqlStorage): TenantHold | null {
  const hold = readHold(sql);
  return hold ? { ...hold, count: countHeld(sql) } : null;
}

export function readView(sql: SqlStorage, tenantId: string): TenantState {
  const counters = readCounters(sql);
  const traffic = readTraffic(sql);
  const { version, strategy } = currentStrategy(sql);
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
    applied: traffic.applied,
    duplicates: traffic.duplicates,
    last_event: lastLogged(sql),
    strategy_version: version,
    cycle_cron: version === 0 ? "" : strategy.cycle_cron,
    current_cycle: parseJson<CycleInfo>(readMeta(sql, "current_cycle")),
    counts: {
      cycles: counters.cycles ?? 0,
      decisions: counters.decisions ?? 0,
      runs_started: counters.runs_started ?? 0,
      runs_active: Math.max(
        0,
        (counters.runs_requested ?? 0) -
          (counters.runs_completed ?? 0) -
          (counters.runs_failed ?? 0),
      ),
      runs_completed: counters.runs_completed ?? 0,
      runs_failed: counters.runs_failed ?? 0,
      articles_published: counters.articles_published ?? 0,
    },
    active_runs,
    last_error: parseJson<LastError>(readMeta(sql, "last_error")),
    held: heldView(sql),
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

function lastLogged(sql: SqlStorage): LastEvent | null {
  const last = lastLoggedEvent(sql);
  return last
    ? {
        event_id: last.event_id,
        type: last.type,
        timestamp: last.timestamp,
        applied_at: last.applied_at,
      }
    : null;
}

function parseJson<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
