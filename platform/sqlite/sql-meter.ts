/** SQLite rows an agent call read and wrote: what Cloudflare bills for SQLite storage. */
export type SqlUsage = { rows_read: number; rows_written: number };

export const NO_SQL_USAGE: SqlUsage = { rows_read: 0, rows_written: 0 };

/**
 * Wraps an agent's SqlStorage so every cursor it opens is remembered, and `usage()`
 * sums their `rowsRead` / `rowsWritten` counters. Read `usage()` after the cursors are
 * consumed (the counters grow as rows are read). Writes the Agents SDK makes on its own
 * (its state row, schedules) do not pass through here and are not counted.
 */
export function meterSql(sql: SqlStorage): { sql: SqlStorage; usage(): SqlUsage } {
  const cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  const exec = (query: string, ...bindings: unknown[]) => {
    const cursor = sql.exec(query, ...bindings);
    cursors.push(cursor);
    return cursor;
  };
  const metered = new Proxy(sql, {
    get(target, property) {
      if (property === "exec") return exec;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return {
    sql: metered,
    usage: () =>
      cursors.reduce(
        (sum, c) => ({
          rows_read: sum.rows_read + c.rowsRead,
          rows_written: sum.rows_written + c.rowsWritten,
        }),
        NO_SQL_USAGE,
      ),
  };
}

/** Adds two usages. */
export function addUsage(a: SqlUsage, b: SqlUsage): SqlUsage {
  return { rows_read: a.rows_read + b.rows_read, rows_written: a.rows_written + b.rows_written };
}
