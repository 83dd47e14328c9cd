import type { Message } from "../../events";
import type { TrafficTotals } from "./traffic";

/** One applied event as the tenant's timeline shows it. */
export type EventLogEntry = {
  /** `call * CALL_SEQ_SPAN + position + 1`: ordered like arrival, the cursor of a page. */
  seq: number;
  event_id: string;
  type: string;
  source: string;
  timestamp: string;
  correlation_id: string | null;
  causation_id: string | null;
  /** W3C trace context; null for a message from before it existed. */
  traceparent: string | null;
  /** The payload as JSON text: Durable Object RPC needs concrete types, not `unknown`. */
  payload: string;
  applied_at: string;
};

export type EventLogFilter = {
  type?: string;
  correlation_id?: string;
  /** With `correlation_id`: the event that opened the chain (its id names it) too. */
  with_opener?: boolean;
  /** Only entries older than this sequence number: the cursor for the next page. */
  before?: number;
  limit: number;
};

/** Room for the events of one call in the sequence numbers (a call carries far fewer). */
export const CALL_SEQ_SPAN = 1_000_000;
/** Calls read per query while paging back through the log. */
const CALLS_PER_READ = 64;

/**
 * The event log: one row per agent call that applied anything, holding that call's new
 * envelopes as one JSON array (SQLite bills per row written, and a call carries many
 * events), plus one row per correlation chain the call touched, so a trace finds its
 * calls without reading the rest.
 */
export const eventLogMigrationSql = `
  CREATE TABLE event_calls (
    call INTEGER PRIMARY KEY,
    applied_at TEXT NOT NULL,
    events TEXT NOT NULL
  );
  CREATE TABLE event_call_chains (
    correlation_id TEXT NOT NULL,
    call INTEGER NOT NULL,
    PRIMARY KEY (correlation_id, call)
  ) WITHOUT ROWID;
`;

/**
 * Appends one call's newly applied messages (in arrival order) with the tenant's traffic
 * totals after the call (`tenant/traffic.ts`: one row for both); no row when there are
 * none. `opensChain` names the messages without a correlation id whose own event id
 * names a chain (a cycle's chain is named after the request that opened it).
 */
export function appendToLog(
  sql: SqlStorage,
  messages: readonly Message[],
  appliedAt: string,
  opensChain: (message: Message) => boolean,
  totals: TrafficTotals,
): void {
  if (messages.length === 0) return;
  const call = sql
    .exec<{ call: number }>(
      `INSERT INTO event_calls (applied_at, events, applied_total, duplicates_total)
       VALUES (?, ?, ?, ?) RETURNING call`,
      appliedAt,
      JSON.stringify(messages),
      totals.applied,
      totals.duplicates,
    )
    .one().call;
  const chains = [
    ...new Set(
      messages
        .map((m) => m.correlation_id ?? (opensChain(m) ? m.event_id : undefined))
        .filter((c) => c !== undefined),
    ),
  ];
  if (chains.length > 0) {
    sql.exec(
      `INSERT INTO event_call_chains (correlation_id, call)
       SELECT value, ? FROM json_each(?) WHERE true ON CONFLICT DO NOTHING`,
      call,
      JSON.stringify(chains),
    );
  }
}

/** Newest first, a page at a time. */
export function readLog(sql: SqlStorage, filter: EventLogFilter): EventLogEntry[] {
  const out: EventLogEntry[] = [];
  const matches = (e: EventLogEntry) =>
    (!filter.type || e.type === filter.type) &&
    (!filter.correlation_id ||
      e.correlation_id === filter.correlation_id ||
      (filter.with_opener === true && e.event_id === filter.correlation_id)) &&
    (filter.before === undefined || e.seq < filter.before);
  let below = filter.before === undefined ? Number.MAX_SAFE_INTEGER : callOf(filter.before) + 1;
  while (out.length < filter.limit) {
    const rows = filter.correlation_id
      ? sql
          .exec<CallRow>(
            `SELECT c.call, c.applied_at, c.events FROM event_call_chains k
             JOIN event_calls c ON c.call = k.call
             WHERE k.correlation_id = ? AND k.call < ? ORDER BY k.call DESC LIMIT ?`,
            filter.correlation_id,
            below,
            CALLS_PER_READ,
          )
          .toArray()
      : sql
          .exec<CallRow>(
            "SELECT call, applied_at, events FROM event_calls WHERE call < ? ORDER BY call DESC LIMIT ?",
            below,
            CALLS_PER_READ,
          )
          .toArray();
    for (const row of rows) {
      for (const entry of entriesOf(row).reverse()) {
        if (matches(entry)) out.push(entry);
        if (out.length === filter.limit) return out;
      }
    }
    if (rows.length < CALLS_PER_READ) break;
    below = rows.at(-1)?.call ?? 0;
  }
  return out;
}

/** Every entry of one chain (its correlation id, or the event that opened it), oldest first. */
export function chainEntries(
  sql: SqlStorage,
  correlationId: string,
  limit: number,
): EventLogEntry[] {
  const rows = sql
    .exec<CallRow>(
      `SELECT c.call, c.applied_at, c.events FROM event_call_chains k
       JOIN event_calls c ON c.call = k.call
       WHERE k.correlation_id = ? ORDER BY k.call`,
      correlationId,
    )
    .toArray();
  return rows
    .flatMap(entriesOf)
    .filter((e) => e.correlation_id === correlationId || e.event_id === correlationId)
    .slice(0, limit);
}

/** The newest entry of the log, or null before the first. */
export function lastLoggedEvent(sql: SqlStorage): EventLogEntry | null {
  const row = sql
    .exec<CallRow>("SELECT call, applied_at, events FROM event_calls ORDER BY call DESC LIMIT 1")
    .toArray()[0];
  return row ? (entriesOf(row).at(-1) ?? null) : null;
}

type CallRow = { call: number; applied_at: string; events: string };

function entriesOf(row: CallRow): EventLogEntry[] {
  return (JSON.parse(row.events) as Message[]).map((m, i) => ({
    seq: row.call * CALL_SEQ_SPAN + i + 1,
    event_id: m.event_id,
    type: m.type,
    source: m.source,
    timestamp: m.timestamp,
    correlation_id: m.correlation_id ?? null,
    causation_id: m.causation_id ?? null,
    traceparent: m.traceparent ?? null,
    payload: JSON.stringify(m.payload),
    applied_at: row.applied_at,
  }));
}

function callOf(seq: number): number {
  return Math.floor((seq - 1) / CALL_SEQ_SPAN);
}
