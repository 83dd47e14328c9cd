import { whereClause } from "../../../platform/sqlite/sql-where";
import { enqueueDeliveries } from "./outbox";

/**
 * Alert events: one per firing and one per resolving, each delivered to every webhook.
 * The body is built once and stored, so every endpoint and every retry sends the same
 * bytes (only the signature's timestamp changes); `id` is the receivers' dedup key.
 */
export type AlertEventBody = {
  id: string;
  type: "alert.firing" | "alert.resolved";
  at: string;
  rule: { id: string; kind: string; params: Record<string, string | number>; for_seconds: number };
  /** The tenant a per-tenant rule judged; null for a platform-wide rule. */
  tenant_id: string | null;
  value: number | null;
  threshold: number;
  summary: string;
  /** When this firing began: the event's own time when firing, the firing it ends when resolved. */
  firing_since: string;
};

/** An event as the console lists it. */
export type AlertEvent = {
  /** Its place in the log: the cursor of `GET /api/alerts/events`. */
  seq: number;
  id: string;
  type: string;
  rule_id: string;
  tenant_id: string | null;
  at: string;
  value: number | null;
  summary: string;
};

/** Events, and their finished deliveries (delivered or dead), are kept this long; pending ones stay. */
export const EVENT_RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

/** Stores an event and a pending delivery of it to every webhook, in the caller's transaction. */
export function addEvent(sql: SqlStorage, body: AlertEventBody, nowMs: number): void {
  sql.exec(
    `INSERT INTO alert_events (id, rule_id, subject, type, at, value, summary, body)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    body.id,
    body.rule.id,
    body.tenant_id ?? "",
    body.type,
    body.at,
    body.value,
    body.summary,
    JSON.stringify(body),
  );
  enqueueDeliveries(sql, body.id, nowMs);
}

/** What narrows the alert events: older than a `seq`, one rule, one tenant. */
export type AlertEventFilter = { before?: number; rule?: string; tenant?: string };

/** Alert events, newest first, up to `limit`, narrowed by the filter. */
export function readEvents(
  sql: SqlStorage,
  limit: number,
  filter: AlertEventFilter = {},
): AlertEvent[] {
  const { clause, params } = whereClause([
    filter.before !== undefined && ["seq < ?", filter.before],
    filter.rule !== undefined && ["rule_id = ?", filter.rule],
    filter.tenant !== undefined && ["subject = ?", filter.tenant],
  ]);
  return sql
    .exec<Omit<AlertEvent, "tenant_id"> & { subject: string }>(
      `SELECT seq, id, type, rule_id, subject, at, value, summary FROM alert_events ${clause}
        ORDER BY seq DESC LIMIT ?`,
      ...params,
      limit,
    )
    .toArray()
    .map(({ subject, ...event }) => ({ ...event, tenant_id: subject === "" ? null : subject }));
}

export function pruneEvents(sql: SqlStorage, nowMs: number): void {
  const cutoff = new Date(nowMs - EVENT_RETENTION_MS).toISOString();
  sql.exec(
    `DELETE FROM alert_deliveries WHERE status IN ('delivered', 'dead') AND updated_at < ?`,
    cutoff,
  );
  sql.exec(
    `DELETE FROM alert_events WHERE at < ? AND id NOT IN (SELECT event_id FROM alert_deliveries)`,
    cutoff,
  );
}
