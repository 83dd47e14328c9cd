import type { ActivityEntry } from "../../events/ops-state";
import { writeMeta } from "./meta";

/** Items waiting for the next summary; older ones go first when more pile up. */
const MAX_PENDING = 200;

/**
 * Queues an item for the operator's live feed, in the transaction of what it reports.
 * Items leave with the next coalesced summary (`sendSummary`), not one call each.
 */
export function addToFeed(sql: SqlStorage, item: ActivityEntry): void {
  sql.exec(
    "INSERT INTO summary_feed (at, kind, text, correlation_id) VALUES (?, ?, ?, ?)",
    item.at,
    item.kind,
    item.text.slice(0, 300),
    item.correlation_id,
  );
  sql.exec(
    "DELETE FROM summary_feed WHERE seq <= (SELECT MAX(seq) FROM summary_feed) - ?",
    MAX_PENDING,
  );
  markSummaryDirty(sql);
}

/** Notes that the operator's summary of this tenant is out of date. */
export function markSummaryDirty(sql: SqlStorage): void {
  writeMeta(sql, "summary_dirty", "1");
}

/** The waiting items, oldest first, with the seq to acknowledge once they were sent. */
export function pendingFeed(sql: SqlStorage): { items: ActivityEntry[]; upTo: number } {
  const rows = sql
    .exec<ActivityEntry & { seq: number }>(
      "SELECT seq, at, kind, text, correlation_id FROM summary_feed ORDER BY seq",
    )
    .toArray();
  return {
    items: rows.map(({ seq: _seq, ...item }) => item),
    upTo: rows.at(-1)?.seq ?? 0,
  };
}

export function acknowledgeFeed(sql: SqlStorage, upTo: number): void {
  sql.exec("DELETE FROM summary_feed WHERE seq <= ?", upTo);
}
