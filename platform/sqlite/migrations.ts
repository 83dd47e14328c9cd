/**
 * Versioned schema migrations for an agent's SQLite storage. Each migration runs once,
 * in order, inside one transaction with the row that records it, so a crash mid-way
 * leaves the schema at the previous version rather than half-applied.
 */
export type Migration = { version: number; name: string; sql: string };

export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[]): number {
  const sql = storage.sql;
  sql.exec(
    `CREATE TABLE IF NOT EXISTS schema_migrations (
       version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`,
  );
  const row = sql
    .exec<{ v: number | null }>("SELECT MAX(version) AS v FROM schema_migrations")
    .one();
  const current = row.v ?? 0;
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    storage.transactionSync(() => {
      sql.exec(migration.sql);
      sql.exec(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
        migration.version,
        migration.name,
        new Date().toISOString(),
      );
    });
  }
  return migrations.reduce((max, m) => Math.max(max, m.version), current);
}
