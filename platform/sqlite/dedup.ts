import { chunksOf, placeholders } from "./chunks";

/**
 * The `processed_events` table: one row per event_id this agent has handled. Recording
 * an id that is already there reports a duplicate and writes nothing, so a handler that
 * checks first can make any at-least-once delivery effectively-once.
 */
export const processedEventsMigrationSql = `
  CREATE TABLE processed_events (
    event_id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    processed_at INTEGER NOT NULL
  );
  CREATE INDEX processed_events_by_time ON processed_events (processed_at);
`;

/** Records the event as processed; returns false when it already was. */
export function markProcessed(
  sql: SqlStorage,
  eventId: string,
  type: string,
  now: number,
): boolean {
  const cursor = sql.exec(
    "INSERT INTO processed_events (event_id, type, processed_at) VALUES (?, ?, ?) ON CONFLICT (event_id) DO NOTHING",
    eventId,
    type,
    now,
  );
  return cursor.rowsWritten > 0;
}

/** Forgets processed ids older than the retention window (the design keeps 7 days). */
export function pruneProcessed(sql: SqlStorage, olderThan: number): number {
  return sql.exec("DELETE FROM processed_events WHERE processed_at < ?", olderThan).rowsWritten;
}

/**
 * Of these ids, the ones already processed: what a service's `DedupStore.processed`
 * answers from its own SQLite before its handler runs (one query for the batch).
 */
export function processedAmong(sql: SqlStorage, eventIds: readonly string[]): string[] {
  return chunksOf([...new Set(eventIds)]).flatMap((ids) =>
    sql
      .exec<{ event_id: string }>(
        `SELECT event_id FROM processed_events WHERE event_id IN (${placeholders(ids.length)})`,
        ...ids,
      )
      .toArray()
      .map((row) => row.event_id),
  );
}
