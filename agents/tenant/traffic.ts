/**
 * The tenant's traffic totals, events applied and duplicates skipped, in one row (as two
 * counter rows they cost up to two rows written per call). Since `totalsOnLogMigrationSql`
 * most calls write them on their log row instead, and this row only for duplicates alone.
 */
export const trafficMigrationSql = `
  CREATE TABLE traffic (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    applied INTEGER NOT NULL,
    duplicates INTEGER NOT NULL
  );
  INSERT INTO traffic (id, applied, duplicates)
    SELECT 1,
      COALESCE((SELECT value FROM counters WHERE name = 'applied'), 0),
      COALESCE((SELECT value FROM counters WHERE name = 'duplicates'), 0);
  DELETE FROM counters WHERE name IN ('applied', 'duplicates');
`;

/**
 * The totals ride on the event log: a call that logs anything stores the totals after
 * it on its own log row, so it writes one row for both. Only a call of duplicates alone
 * writes the `traffic` row, with the newest log call it has seen (`call`); the totals are
 * whichever of the two is newer. The traffic row starts as the newer, so older log rows
 * (which carry no totals) are never read for them.
 */
export const totalsOnLogMigrationSql = `
  ALTER TABLE event_calls ADD COLUMN applied_total INTEGER;
  ALTER TABLE event_calls ADD COLUMN duplicates_total INTEGER;
  ALTER TABLE traffic ADD COLUMN call INTEGER NOT NULL DEFAULT 0;
  UPDATE traffic SET call = COALESCE((SELECT MAX(call) FROM event_calls), 0);
`;

export type TrafficTotals = { applied: number; duplicates: number };

/** The totals after a call that applied `applied` events and skipped `duplicates`. */
export function addedTo(totals: TrafficTotals, applied: number, duplicates: number): TrafficTotals {
  return { applied: totals.applied + applied, duplicates: totals.duplicates + duplicates };
}

/**
 * Stores the totals of a call that logged nothing (duplicates only), in the traffic row,
 * marked with the newest log call so a later call's log row supersedes it. A call that
 * logs stores them on its log row instead (`appendToLog`).
 */
export function writeTraffic(sql: SqlStorage, totals: TrafficTotals): void {
  sql.exec(
    `INSERT INTO traffic (id, applied, duplicates, call)
       VALUES (1, ?, ?, COALESCE((SELECT MAX(call) FROM event_calls), 0))
     ON CONFLICT (id) DO UPDATE SET applied = excluded.applied,
       duplicates = excluded.duplicates, call = excluded.call`,
    totals.applied,
    totals.duplicates,
  );
}

/**
 * The totals: the newest log row's, unless the traffic row was written after it (its
 * `call` is that row's or later). One statement, two rows read. The log is never pruned;
 * were it, its newest row would have to stay, or the call numbers (SQLite rowids) could
 * be reused.
 */
export function readTraffic(sql: SqlStorage): TrafficTotals {
  return (
    sql
      .exec<TrafficTotals>(
        `SELECT applied, duplicates FROM (
           SELECT call AS at, 0 AS rank, applied_total AS applied, duplicates_total AS duplicates
             FROM (SELECT call, applied_total, duplicates_total FROM event_calls
                   ORDER BY call DESC LIMIT 1)
           UNION ALL
           SELECT call, 1, applied, duplicates FROM traffic
         ) ORDER BY at DESC, rank DESC LIMIT 1`,
      )
      .toArray()[0] ?? { applied: 0, duplicates: 0 }
  );
}
