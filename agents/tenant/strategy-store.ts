import {
  defaultStrategy,
  Strategy,
  type StrategyVersion,
  type VersionedStrategy,
} from "./strategy";

type Row = { version: number; strategy: string; note: string; created_at: string };

/** The current strategy; version 0 with the defaults before the tenant was set up. */
export function currentStrategy(sql: SqlStorage): VersionedStrategy {
  const row = sql
    .exec<Row>("SELECT * FROM strategy_versions ORDER BY version DESC LIMIT 1")
    .toArray()[0];
  return row ? toVersioned(row) : { version: 0, strategy: defaultStrategy };
}

export function strategyVersion(sql: SqlStorage, version: number): VersionedStrategy | null {
  const row = sql
    .exec<Row>("SELECT * FROM strategy_versions WHERE version = ?", version)
    .toArray()[0];
  return row ? toVersioned(row) : null;
}

/** Every version, newest first. */
export function strategyHistory(sql: SqlStorage, limit = 100): StrategyVersion[] {
  return sql
    .exec<Row>("SELECT * FROM strategy_versions ORDER BY version DESC LIMIT ?", limit)
    .toArray()
    .map((row) => ({ ...toVersioned(row), note: row.note, created_at: row.created_at }));
}

/** Stores a strategy as the next version and returns it. */
export function appendStrategy(
  sql: SqlStorage,
  strategy: Strategy,
  note: string,
  createdAt: string,
): VersionedStrategy {
  const version = currentStrategy(sql).version + 1;
  sql.exec(
    "INSERT INTO strategy_versions (version, strategy, note, created_at) VALUES (?, ?, ?, ?)",
    version,
    JSON.stringify(strategy),
    note,
    createdAt,
  );
  return { version, strategy };
}

function toVersioned(row: Row): VersionedStrategy {
  // Stored strategies were valid when written; parsing again fills in fields that a
  // later schema added with defaults.
  return { version: row.version, strategy: Strategy.parse(JSON.parse(row.strategy)) };
}
