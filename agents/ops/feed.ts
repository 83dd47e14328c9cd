import { FEED_SIZE, type FeedEntry } from "../../events/batch-report";

/** Appends entries (a redelivered one is kept once) and trims the feed; returns how many were new. */
export function appendToFeed(sql: SqlStorage, entries: readonly FeedEntry[], at: string): number {
  let added = 0;
  for (const e of entries) {
    added += sql.exec(
      `INSERT INTO feed (event_id, type, tenant_id, timestamp, correlation_id, payload, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING`,
      e.event_id,
      e.type,
      e.tenant_id,
      e.timestamp,
      e.correlation_id,
      e.payload,
      at,
    ).rowsWritten;
  }
  if (added > 0) {
    sql.exec("DELETE FROM feed WHERE seq <= (SELECT MAX(seq) FROM feed) - ?", FEED_SIZE);
  }
  return added;
}

/** The newest entries first. */
export function readFeed(sql: SqlStorage, limit: number): FeedEntry[] {
  return sql
    .exec<FeedEntry>(
      "SELECT event_id, type, tenant_id, timestamp, correlation_id, payload FROM feed ORDER BY seq DESC LIMIT ?",
      limit,
    )
    .toArray();
}

/** The feed's newest sequence number: the dashboard refetches when it changes. */
export function feedHead(sql: SqlStorage): number {
  return sql.exec<{ n: number | null }>("SELECT MAX(seq) AS n FROM feed").one().n ?? 0;
}
