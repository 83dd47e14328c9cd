import type { Message } from "../../events";

/** One applied event as the tenant's timeline shows it. */
export type EventLogEntry = {
  seq: number;
  event_id: string;
  type: string;
  source: string;
  timestamp: string;
  correlation_id: string | null;
  causation_id: string | null;
  /** The payload as JSON text: Durable Object RPC needs concrete types, not `unknown`. */
  payload: string;
  applied_at: string;
};

export type EventLogFilter = {
  type?: string;
  correlation_id?: string;
  /** Only entries older than this sequence number: the cursor for the next page. */
  before?: number;
  limit: number;
};

export function appendToLog(sql: SqlStorage, message: Message, appliedAt: string): void {
  sql.exec(
    `INSERT INTO event_log (event_id, type, source, timestamp, correlation_id, causation_id, payload, applied_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    message.event_id,
    message.type,
    message.source,
    message.timestamp,
    message.correlation_id ?? null,
    message.causation_id ?? null,
    JSON.stringify(message.payload),
    appliedAt,
  );
}

/** Newest first. */
export function readLog(sql: SqlStorage, filter: EventLogFilter): EventLogEntry[] {
  const where: string[] = [];
  const params: (string | number)[] = [];
  if (filter.type) {
    where.push("type = ?");
    params.push(filter.type);
  }
  if (filter.before !== undefined) {
    where.push("seq < ?");
    params.push(filter.before);
  }
  if (filter.correlation_id) {
    where.push("correlation_id = ?");
    params.push(filter.correlation_id);
  }
  const clause = where.length ? `WHERE ${where.join(" AND ")}` : "";
  return sql
    .exec<EventLogEntry>(
      `SELECT seq, event_id, type, source, timestamp, correlation_id, causation_id, payload, applied_at
       FROM event_log ${clause} ORDER BY seq DESC LIMIT ?`,
      ...params,
      filter.limit,
    )
    .toArray();
}
