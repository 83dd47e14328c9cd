import {
  ACTIVITY_LIMIT,
  type ActivityEntry,
  type ActivityItem,
  type TenantCounters,
  type TenantTotals,
} from "../../events/ops-state";
import { addUsage } from "../../platform/metrics/merge";
import { containsAny, whereClause } from "../../platform/sqlite/sql-where";
import { addMonthlyUsage } from "./monthly-usage";
import {
  clearPending,
  type PendingTotals,
  pendingJson,
  readPending,
  writePending,
} from "./pending-totals";

/**
 * Stores a tenant's latest summary. Summaries can arrive out of order (a retried send):
 * an older one never replaces a newer, and the applied/duplicate totals (which the
 * consumers also pass on, see `mergeTotals`) never go down. `received` counts calls, so tests and operators
 * can see the coalescing at work.
 */
export function storeSummary(sql: SqlStorage, tenantId: string, summary: TenantCounters): void {
  sql.exec(
    `INSERT INTO tenant_summaries (tenant_id, summary, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET
       summary = json_set(
         CASE WHEN excluded.updated_at >= tenant_summaries.updated_at THEN excluded.summary ELSE tenant_summaries.summary END,
         '$.applied', MAX(excluded.summary ->> '$.applied', tenant_summaries.summary ->> '$.applied'),
         '$.duplicates', MAX(excluded.summary ->> '$.duplicates', tenant_summaries.summary ->> '$.duplicates'),
         '$.usage', tenant_summaries.summary -> '$.usage'),
       updated_at = MAX(excluded.updated_at, tenant_summaries.updated_at),
       received = tenant_summaries.received + 1`,
    tenantId,
    JSON.stringify(summary),
    summary.updated_at,
  );
}

/** Pending totals are folded into the summaries once the oldest is this old (ms)... */
export const FOLD_AFTER_MS = 60_000;
/** ...or once their JSON is this long (a SQLite row holds at most 2 MB). */
export const FOLD_AT_CHARS = 1_000_000;

/**
 * Merges the applied/duplicate totals the consumers passed on into the tenants' figures
 * (the rest of a summary comes from the agent's own report). A total never goes down, so
 * late or repeated flushes change nothing; a tenant with no summary yet gets one with
 * zeros elsewhere. They go to the one pending row (`pending-totals.ts`), so a flush
 * writes one row however many tenants it reached; every read overlays that row, and the
 * first flush a minute after it began folds it into `tenant_summaries` (one row per
 * tenant) and removes it, in the flush's transaction, so a fold cut short by an eviction
 * leaves it whole and usage is never added twice. Returns how many tenants' figures changed.
 */
export function mergeTotals(sql: SqlStorage, totals: readonly TenantTotals[], now: Date): number {
  const at = now.toISOString();
  const pending = readPending(sql);
  const entries = pending?.tenants ?? new Map<string, PendingTotals>();
  const ids = totals.map((t) => t.tenant_id);
  const current = withPending(readStored(sql, ids), entries, ids);
  let changed = 0;
  for (const t of totals) {
    const known = current.get(t.tenant_id) ?? emptySummary(at);
    const grew = t.applied > known.applied || t.duplicates > known.duplicates;
    if (!grew && !t.usage) continue;
    entries.set(t.tenant_id, addPending(entries.get(t.tenant_id), t, at));
    changed++;
  }
  const due = pending !== null && now.getTime() - pending.since >= FOLD_AFTER_MS;
  if (changed === 0 && !due) return 0;
  const json = pendingJson(entries);
  if (due || json.length > FOLD_AT_CHARS) {
    foldIntoSummaries(sql, entries);
    addMonthlyUsage(sql, entries, pending?.since ?? now.getTime());
    if (pending) clearPending(sql);
  } else {
    writePending(sql, json, pending?.since ?? now.getTime());
  }
  return changed;
}

/** One tenant's pending totals with a flush's added: the larger totals, the usage summed. */
function addPending(known: PendingTotals | undefined, t: TenantTotals, at: string): PendingTotals {
  const usage = addUsage(known?.usage, t.usage);
  return {
    applied: Math.max(known?.applied ?? 0, t.applied),
    duplicates: Math.max(known?.duplicates ?? 0, t.duplicates),
    ...(usage ? { usage } : {}),
    at: known?.at ?? at,
  };
}

/** Writes each pending tenant's figures into its summary (one row per tenant). */
function foldIntoSummaries(sql: SqlStorage, entries: ReadonlyMap<string, PendingTotals>): void {
  const ids = [...entries.keys()];
  const folded = withPending(readStored(sql, ids), entries, ids);
  for (const [id, summary] of folded) {
    sql.exec(
      `INSERT INTO tenant_summaries (tenant_id, summary, updated_at, received) VALUES (?, ?, ?, 0)
       ON CONFLICT (tenant_id) DO UPDATE SET summary = excluded.summary`,
      id,
      JSON.stringify(summary),
      summary.updated_at,
    );
  }
}

/** The stored summaries of `ids` with their pending totals laid over them. */
function withPending(
  stored: Map<string, TenantCounters>,
  pending: ReadonlyMap<string, PendingTotals>,
  ids: readonly string[],
): Map<string, TenantCounters> {
  for (const id of ids) {
    const p = pending.get(id);
    if (!p) continue;
    const known = stored.get(id) ?? emptySummary(p.at);
    const usage = addUsage(known.usage, p.usage);
    stored.set(id, {
      ...known,
      applied: Math.max(known.applied, p.applied),
      duplicates: Math.max(known.duplicates, p.duplicates),
      ...(usage ? { usage } : {}),
    });
  }
  return stored;
}

function emptySummary(at: string): TenantCounters {
  return {
    applied: 0,
    duplicates: 0,
    cycles: 0,
    decisions: 0,
    runs_started: 0,
    runs_active: 0,
    runs_completed: 0,
    runs_failed: 0,
    articles_published: 0,
    strategy_version: 0,
    last_cycle_at: null,
    last_error: null,
    updated_at: at,
  };
}

/** The tenants' summaries as they stand: stored, with the pending totals laid over them. */
export function readSummaries(
  sql: SqlStorage,
  ids: readonly string[],
): Map<string, TenantCounters> {
  return withPending(readStored(sql, ids), readPending(sql)?.tenants ?? new Map(), ids);
}

function readStored(sql: SqlStorage, ids: readonly string[]): Map<string, TenantCounters> {
  const out = new Map<string, TenantCounters>();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    for (const row of sql.exec<{ tenant_id: string; summary: string }>(
      `SELECT tenant_id, summary FROM tenant_summaries WHERE tenant_id IN (${chunk.map(() => "?").join(",")})`,
      ...chunk,
    )) {
      const { usage, ...summary } = JSON.parse(row.summary) as TenantCounters;
      // A summary stored before its tenant had any usage holds `usage: null`.
      out.set(row.tenant_id, usage ? { ...summary, usage } : summary);
    }
  }
  return out;
}

/** How many summary calls a tenant's agent has made. */
export function summaryCalls(sql: SqlStorage, tenantId: string): number {
  return (
    sql
      .exec<{ received: number }>(
        "SELECT received FROM tenant_summaries WHERE tenant_id = ?",
        tenantId,
      )
      .toArray()[0]?.received ?? 0
  );
}

/** Appends activity lines and trims the activity feed to its newest `ACTIVITY_LIMIT`. */
export function appendActivity(
  sql: SqlStorage,
  tenantId: string,
  items: readonly ActivityEntry[],
): void {
  for (const item of items) {
    sql.exec(
      "INSERT INTO activity (tenant_id, at, kind, text, correlation_id) VALUES (?, ?, ?, ?, ?)",
      tenantId,
      item.at,
      item.kind,
      item.text,
      item.correlation_id,
    );
  }
  if (items.length > 0)
    sql.exec(
      "DELETE FROM activity WHERE seq <= (SELECT MAX(seq) FROM activity) - ?",
      ACTIVITY_LIMIT,
    );
}

/** The newest activity lines first. */
export function readActivity(
  sql: SqlStorage,
  limit: number,
  filter: ActivityFilter = {},
): ActivityItem[] {
  const { clause, params } = whereClause([
    filter.before !== undefined && ["seq < ?", filter.before],
    filter.tenant !== undefined && ["tenant_id = ?", filter.tenant],
    filter.kind !== undefined && ["kind = ?", filter.kind],
    containsAny(["text"], filter.q),
  ]);
  return sql
    .exec<ActivityItem>(
      `SELECT seq, tenant_id, at, kind, text, correlation_id FROM activity ${clause}
       ORDER BY seq DESC LIMIT ?`,
      ...params,
      Math.min(limit, ACTIVITY_LIMIT),
    )
    .toArray();
}

/** What narrows the activity feed: older than a `seq`, one tenant, one kind, a piece of text. */
export type ActivityFilter = { before?: number; tenant?: string; kind?: string; q?: string };
