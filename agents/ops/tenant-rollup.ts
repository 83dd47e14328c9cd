import type { TenantCounters, TenantUsage } from "../../events/ops-state";
import { priceTenant } from "./prices";
import { readSummaries } from "./summaries";

/** The label value of the series that sums every tenant outside the top N. */
export const OTHER_TENANTS = "other";
/** The most tenants a scrape names one by one (`METRICS_TOP_TENANTS` is held to it). */
export const MAX_TOP_TENANTS = 100;

/** One tenant's figures, or the rest's summed: applied events and its agent's cost. */
export type TenantFigures = { tenant: string; applied: number; usd: number };

/**
 * The tenants' summaries rolled up for `GET /metrics`: runs summed over every tenant,
 * and the tenants by applied events with bounded cardinality — the top N one by one,
 * the rest as one `other` — so a scrape's size does not grow with the tenants.
 */
export type TenantRollup = {
  /** Registered tenants. */
  tenants: number;
  runs: { active: number; started: number; completed: number; failed: number };
  /** The N tenants with the most applied events (ties by id), most first. */
  top: TenantFigures[];
  /** Every other tenant summed, its usage priced as one. */
  other: TenantFigures;
};

const NO_USAGE: TenantUsage = { do_requests: 0, sqlite_rows_read: 0, sqlite_rows_written: 0 };

/**
 * Rolls up each registered tenant's summary (null before its first). A tenant whose id
 * is `other` is never named alone: its figures are in the `other` series, which would
 * otherwise be written twice. Pure.
 */
export function rollUpTenants(
  tenants: readonly (readonly [string, TenantCounters | null])[],
  top: number,
): TenantRollup {
  const runs = { active: 0, started: 0, completed: 0, failed: 0 };
  for (const [, summary] of tenants) {
    runs.active += summary?.runs_active ?? 0;
    runs.started += summary?.runs_started ?? 0;
    runs.completed += summary?.runs_completed ?? 0;
    runs.failed += summary?.runs_failed ?? 0;
  }
  const n = Math.max(0, Math.min(Math.floor(top), MAX_TOP_TENANTS));
  const ranked = [...tenants].sort(
    ([a, x], [b, y]) => (y?.applied ?? 0) - (x?.applied ?? 0) || a.localeCompare(b),
  );
  const named = ranked.filter(([id]) => id !== OTHER_TENANTS).slice(0, n);
  const namedIds = new Set(named.map(([id]) => id));
  const rest = ranked.filter(([id]) => !namedIds.has(id));
  const restUsage = rest.reduce((sum, [, s]) => add(sum, s?.usage ?? NO_USAGE), NO_USAGE);
  const restApplied = rest.reduce((sum, [, s]) => sum + (s?.applied ?? 0), 0);
  return {
    tenants: tenants.length,
    runs,
    top: named.map(([id, s]) => figures(id, s?.applied ?? 0, s?.usage ?? NO_USAGE)),
    other: figures(OTHER_TENANTS, restApplied, restUsage),
  };
}

/** Every registered tenant's summary, as it stands (pending totals laid over), rolled up. */
export function readTenantRollup(sql: SqlStorage, top: number): TenantRollup {
  const ids = sql
    .exec<{ id: string }>("SELECT id FROM tenants")
    .toArray()
    .map((row) => row.id);
  const summaries = readSummaries(sql, ids);
  return rollUpTenants(
    ids.map((id) => [id, summaries.get(id) ?? null] as const),
    top,
  );
}

function figures(tenant: string, applied: number, usage: TenantUsage): TenantFigures {
  return { tenant, applied, usd: priceTenant(usage, applied).usd_total };
}

function add(a: TenantUsage, b: TenantUsage): TenantUsage {
  return {
    do_requests: a.do_requests + b.do_requests,
    sqlite_rows_read: a.sqlite_rows_read + b.sqlite_rows_read,
    sqlite_rows_written: a.sqlite_rows_written + b.sqlite_rows_written,
  };
}
