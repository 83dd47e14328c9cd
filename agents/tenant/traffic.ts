/**
 * The tenant's traffic totals, events applied and duplicates skipped, in one row: a call
 * adds to both in one statement that writes one row and answers both totals. (As two
 * counter rows they cost up to two rows written and a second statement per call.)
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

export type TrafficTotals = { applied: number; duplicates: number };

/** Adds a call's applied and duplicate events; answers the totals after it. */
export function addToTraffic(sql: SqlStorage, applied: number, duplicates: number): TrafficTotals {
  if (applied === 0 && duplicates === 0) return readTraffic(sql);
  return sql
    .exec<TrafficTotals>(
      `INSERT INTO traffic (id, applied, duplicates) VALUES (1, ?, ?)
       ON CONFLICT (id) DO UPDATE SET applied = applied + excluded.applied,
         duplicates = duplicates + excluded.duplicates
       RETURNING applied, duplicates`,
      applied,
      duplicates,
    )
    .one();
}

export function readTraffic(sql: SqlStorage): TrafficTotals {
  return (
    sql.exec<TrafficTotals>("SELECT applied, duplicates FROM traffic").toArray()[0] ?? {
      applied: 0,
      duplicates: 0,
    }
  );
}
