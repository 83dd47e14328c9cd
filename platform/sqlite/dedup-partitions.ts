/**
 * The tenant agent's event dedup, in weekly partitions: `processed_events_w<week>`, one
 * WITHOUT ROWID table per week of first sight. A partition is dropped whole once every
 * id in it is past the retention. Why: the runtime bills a row written for every row a
 * `DELETE` removes, so pruning ids one by one costs as much again as recording them;
 * `DROP TABLE` writes no rows by the runtime's own count (docs/PERFORMANCE.md). Lookups
 * span the live partitions and the older single table (`processed_events`, still
 * written by rare per-key marks and pruned row by row), in the same statement.
 */

const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
const PREFIX = "processed_events_w";
const LEGACY = "processed_events";

/** The week (since the epoch) an id first seen at `ms` is filed under. */
export function weekOf(ms: number): number {
  return Math.floor(ms / WEEK_MS);
}

/** Partitions that exist, per database: read once from the schema, then kept. */
const known = new WeakMap<SqlStorage, Set<number>>();

function partitions(sql: SqlStorage): Set<number> {
  let weeks = known.get(sql);
  if (!weeks) {
    weeks = new Set(
      sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'processed\\_events\\_w%' ESCAPE '\\'",
        )
        .toArray()
        .map((r) => Number(r.name.slice(PREFIX.length)))
        .filter(Number.isInteger),
    );
    known.set(sql, weeks);
  }
  return weeks;
}

function ensurePartition(sql: SqlStorage, week: number): void {
  const weeks = partitions(sql);
  if (weeks.has(week)) return;
  sql.exec(
    `CREATE TABLE IF NOT EXISTS ${PREFIX}${week} (
       event_id TEXT PRIMARY KEY,
       type TEXT NOT NULL,
       processed_at INTEGER NOT NULL
     ) WITHOUT ROWID`,
  );
  weeks.add(week);
}

/** Every table an id may be recorded in, newest first. */
function lookupTables(sql: SqlStorage): string[] {
  const weeks = [...partitions(sql)].sort((a, b) => b - a).map((w) => `${PREFIX}${w}`);
  return [...weeks, LEGACY];
}

/**
 * Records a whole call's events as processed in one statement; returns the ids that
 * were new. An id already in any live partition (or the older table) is not new; a
 * second copy of an id within the call conflicts with the first.
 */
export function markAllProcessedPartitioned(
  sql: SqlStorage,
  events: readonly { event_id: string; type: string }[],
  now: number,
): Set<string> {
  if (events.length === 0) return new Set();
  const week = weekOf(now);
  ensurePartition(sql, week);
  const elsewhere = lookupTables(sql)
    .filter((t) => t !== `${PREFIX}${week}`)
    .map((t) => `AND NOT EXISTS (SELECT 1 FROM ${t} WHERE ${t}.event_id = value ->> 0)`)
    .join(" ");
  const rows = sql
    .exec<{ event_id: string }>(
      `INSERT INTO ${PREFIX}${week} (event_id, type, processed_at)
       SELECT value ->> 0, value ->> 1, ? FROM json_each(?) WHERE true ${elsewhere}
       ON CONFLICT (event_id) DO NOTHING RETURNING event_id`,
      now,
      JSON.stringify(events.map((e) => [e.event_id, e.type])),
    )
    .toArray();
  return new Set(rows.map((r) => r.event_id));
}

/** Of these ids, the ones recorded in any partition or the older table, in one statement. */
export function processedOf(sql: SqlStorage, eventIds: readonly string[]): Set<string> {
  const seen = lookupTables(sql)
    .map((t) => `EXISTS (SELECT 1 FROM ${t} WHERE event_id = value)`)
    .join(" OR ");
  const rows = sql
    .exec<{ event_id: string }>(
      `SELECT value AS event_id FROM json_each(?) WHERE ${seen}`,
      JSON.stringify(eventIds),
    )
    .toArray();
  return new Set(rows.map((r) => r.event_id));
}

/** Whether an id is recorded in any partition or the older table. */
export function isProcessed(sql: SqlStorage, eventId: string): boolean {
  const union = lookupTables(sql)
    .map((t) => `SELECT 1 FROM ${t} WHERE event_id = ?1`)
    .join(" UNION ALL ");
  return sql.exec(`SELECT EXISTS (${union}) AS seen`, eventId).one().seen === 1;
}

/**
 * Drops the partitions whose every id is older than `olderThan` (a partition holds ids
 * first seen in its week, so it is past once its week has ended before `olderThan`),
 * and deletes the older table's past rows. Returns the ids forgotten.
 */
export function prunePartitions(sql: SqlStorage, olderThan: number): number {
  let forgotten = 0;
  const weeks = partitions(sql);
  for (const week of [...weeks]) {
    if ((week + 1) * WEEK_MS > olderThan) continue;
    forgotten += sql.exec(`SELECT COUNT(*) AS n FROM ${PREFIX}${week}`).one().n as number;
    sql.exec(`DROP TABLE ${PREFIX}${week}`);
    weeks.delete(week);
  }
  return forgotten;
}

/** Forgets which partitions exist (after a rollback that may have undone a CREATE). */
export function forgetPartitions(sql: SqlStorage): void {
  known.delete(sql);
}
