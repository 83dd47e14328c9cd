import {
  defaultStrategy,
  Strategy,
  type StrategyVersion,
  type VersionedStrategy,
} from "../../events/strategy";

type Row = {
  version: number;
  strategy: string;
  note: string;
  created_at: string;
  author: string | null;
};

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

/** The versions, newest first, up to `limit`; `before` continues with the older ones. */
export function strategyHistory(
  sql: SqlStorage,
  limit = 100,
  before: number | null = null,
): StrategyVersion[] {
  return sql
    .exec<Row>(
      "SELECT * FROM strategy_versions WHERE ? IS NULL OR version < ? ORDER BY version DESC LIMIT ?",
      before,
      before,
      limit,
    )
    .toArray()
    .map((row) => ({
      ...toVersioned(row),
      note: row.note,
      created_at: row.created_at,
      author: row.author ?? null,
    }));
}

/** Stores a strategy as the next version and returns it. */
export function appendStrategy(
  sql: SqlStorage,
  strategy: Strategy,
  note: string,
  createdAt: string,
  author: string | null = null,
): VersionedStrategy {
  const version = currentStrategy(sql).version + 1;
  sql.exec(
    "INSERT INTO strategy_versions (version, strategy, note, created_at, author) VALUES (?, ?, ?, ?, ?)",
    version,
    JSON.stringify(strategy),
    note,
    createdAt,
    author,
  );
  return { version, strategy };
}

/**
 * Parsed strategies by their stored text. Every message's decision reads the strategy,
 * and parsing it (the cron check above all) costs far more than the read; a tenant has
 * one strategy in force, so this stays tiny.
 */
const parsed = new Map<string, Strategy>();
const MAX_PARSED = 64;

function toVersioned(row: Row): VersionedStrategy {
  let strategy = parsed.get(row.strategy);
  if (!strategy) {
    // Stored strategies were valid when written; parsing again fills in fields that a
    // later schema added with defaults.
    const fresh = Strategy.parse(JSON.parse(row.strategy));
    // Shared between calls, so frozen: a decision that tried to change it would throw.
    Object.freeze(fresh.seed_keywords);
    strategy = Object.freeze(fresh);
    if (parsed.size >= MAX_PARSED) parsed.clear();
    parsed.set(row.strategy, strategy);
  }
  return { version: row.version, strategy };
}
