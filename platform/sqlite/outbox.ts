import type { Message } from "../../events";

/**
 * The transactional outbox, shared by agents and services. A handler writes the
 * messages it wants to send into `outbox` in the same SQLite transaction as its state
 * change; `flushOutbox` sends them afterwards and marks them sent. If the send fails
 * they stay unsent and the next flush (a retry schedule, the platform sweep) sends
 * them: a state change is never committed without its messages, nor lost with them.
 * Receivers dedupe by event_id, so a message sent twice after a crash is harmless.
 */
export const outboxMigrationSql = `
  CREATE TABLE outbox (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    type TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    sent_at INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT
  );
  CREATE INDEX outbox_unsent ON outbox (sent_at, seq);
`;

/** Writes a message to the outbox; call inside the transaction that changes state. */
export function addToOutbox(sql: SqlStorage, message: Message, now: number): void {
  sql.exec(
    "INSERT INTO outbox (event_id, type, body, created_at) VALUES (?, ?, ?, ?)",
    message.event_id,
    message.type,
    JSON.stringify(message),
    now,
  );
}

export type FlushResult = { sent: number; pending: number; error?: string };

/** At most this many messages leave in one flush; the rest wait for the next. */
const FLUSH_LIMIT = 500;

/**
 * Sends unsent outbox rows, oldest first, through `send` and marks them sent. On a
 * failed send the rows stay unsent with the error and attempt recorded.
 */
export async function flushOutbox(
  sql: SqlStorage,
  send: (bodies: Message[]) => Promise<void>,
  now: number,
): Promise<FlushResult> {
  const rows = sql
    .exec<{ seq: number; body: string }>(
      "SELECT seq, body FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT ?",
      FLUSH_LIMIT,
    )
    .toArray();
  if (rows.length === 0) return { sent: 0, pending: 0 };
  const first = rows[0]?.seq ?? 0;
  const last = rows.at(-1)?.seq ?? 0;
  try {
    await send(rows.map((row) => JSON.parse(row.body) as Message));
  } catch (error) {
    sql.exec(
      "UPDATE outbox SET attempts = attempts + 1, last_error = ? WHERE sent_at IS NULL AND seq BETWEEN ? AND ?",
      String(error).slice(0, 500),
      first,
      last,
    );
    return { sent: 0, pending: pendingCount(sql), error: String(error) };
  }
  sql.exec(
    "UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE sent_at IS NULL AND seq BETWEEN ? AND ?",
    now,
    first,
    last,
  );
  return { sent: rows.length, pending: pendingCount(sql) };
}

export function pendingCount(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL").one().n;
}

/** Why something is not moving: a machine-readable reason, a sentence, and since when. */
export type Waiting = { reason: string; text: string; since: string };

/** What waits in an outbox: how many unsent rows, since when, and the last send error. */
export type OutboxStatus = {
  pending: number;
  /** When the oldest unsent row was written (ms since the epoch), null when none waits. */
  oldest_pending_at: number | null;
  last_error: string | null;
  /** Tries of the oldest unsent row so far (0: not tried yet). */
  attempts: number;
  /**
   * Why rows wait: `send_failed` after a failed try (the error, the tries), `sending`
   * while the first try is due; null when nothing waits.
   */
  waiting: Waiting | null;
};

export function outboxStatus(sql: SqlStorage): OutboxStatus {
  const row = sql
    .exec<{
      pending: number;
      oldest: number | null;
      attempts: number | null;
      last_error: string | null;
    }>(
      `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest,
         (SELECT attempts FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT 1) AS attempts,
         (SELECT last_error FROM outbox WHERE sent_at IS NULL AND last_error IS NOT NULL
          ORDER BY seq DESC LIMIT 1) AS last_error
       FROM outbox WHERE sent_at IS NULL`,
    )
    .one();
  const status = {
    pending: row.pending,
    oldest_pending_at: row.oldest,
    last_error: row.last_error,
    attempts: row.attempts ?? 0,
  };
  return { ...status, waiting: outboxWaiting(status) };
}

/** The sentence for what waits in an outbox (pure: `outboxStatus` reads the numbers). */
export function outboxWaiting(status: Omit<OutboxStatus, "waiting">): Waiting | null {
  if (status.pending === 0 || status.oldest_pending_at === null) return null;
  const since = new Date(status.oldest_pending_at).toISOString();
  const what = status.pending === 1 ? "1 message" : `${status.pending} messages`;
  if (status.last_error === null) {
    return { reason: "sending", text: `${what} waiting to be sent since ${since}.`, since };
  }
  const tries = status.attempts === 1 ? "1 try" : `${status.attempts} tries`;
  return {
    reason: "send_failed",
    text: `${what} not sent since ${since}: the last try failed (${status.last_error}) after ${tries}; sending is tried again until it succeeds, nothing is dropped.`,
    since,
  };
}

/** Forgets rows sent before `olderThan` (the design keeps a day). */
export function pruneSentOutbox(sql: SqlStorage, olderThan: number): number {
  return sql.exec("DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?", olderThan)
    .rowsWritten;
}
