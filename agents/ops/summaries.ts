import { FEED_LIMIT, type FeedEntry, type FeedItem, type TenantCounters } from "../ops-state";

/**
 * Stores a tenant's latest summary. Summaries can arrive out of order (a retried send):
 * an older one never replaces a newer. `received` counts calls, so tests and operators
 * can see the coalescing at work.
 */
export function storeSummary(sql: SqlStorage, tenantId: string, summary: TenantCounters): void {
  sql.exec(
    `INSERT INTO tenant_summaries (tenant_id, summary, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET
       summary = CASE WHEN excluded.updated_at >= tenant_summaries.updated_at THEN excluded.summary ELSE tenant_summaries.summary END,
       updated_at = MAX(excluded.updated_at, tenant_summaries.updated_at),
       received = tenant_summaries.received + 1`,
    tenantId,
    JSON.stringify(summary),
    summary.updated_at,
  );
}

export function readSummaries(
  sql: SqlStorage,
  ids: readonly string[],
): Map<string, TenantCounters> {
  const out = new Map<string, TenantCounters>();
  for (let i = 0; i < ids.length; i += 100) {
    const chunk = ids.slice(i, i + 100);
    for (const row of sql.exec<{ tenant_id: string; summary: string }>(
      `SELECT tenant_id, summary FROM tenant_summaries WHERE tenant_id IN (${chunk.map(() => "?").join(",")})`,
      ...chunk,
    )) {
      out.set(row.tenant_id, JSON.parse(row.summary) as TenantCounters);
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

/** Appends feed items and trims the feed to its newest `FEED_LIMIT`. */
export function appendFeed(sql: SqlStorage, tenantId: string, items: readonly FeedEntry[]): void {
  for (const item of items) {
    sql.exec(
      "INSERT INTO feed (tenant_id, at, kind, text, correlation_id) VALUES (?, ?, ?, ?, ?)",
      tenantId,
      item.at,
      item.kind,
      item.text,
      item.correlation_id,
    );
  }
  if (items.length > 0)
    sql.exec("DELETE FROM feed WHERE seq <= (SELECT MAX(seq) FROM feed) - ?", FEED_LIMIT);
}

/** The newest feed items first. */
export function readFeed(sql: SqlStorage, limit: number): FeedItem[] {
  return sql
    .exec<FeedItem>(
      "SELECT seq, tenant_id, at, kind, text, correlation_id FROM feed ORDER BY seq DESC LIMIT ?",
      Math.min(limit, FEED_LIMIT),
    )
    .toArray();
}
