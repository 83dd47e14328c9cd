import type { Migration } from "../shared/migrations";

/** The OpsAgent's schema, one entry per version; a shipped entry never changes. */
export const opsMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "tenant registry and dead letters",
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE dead_letters (
        id TEXT PRIMARY KEY,
        queue TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        event_id TEXT,
        type TEXT,
        tenant_id TEXT,
        body TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      CREATE INDEX dead_letters_by_queue ON dead_letters (queue, last_seen);
    `,
  },
  {
    version: 2,
    name: "sweep cursor",
    sql: "CREATE TABLE sweep_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), after TEXT NOT NULL);",
  },
  {
    version: 3,
    name: "tenant summaries and live feed",
    sql: `
      CREATE TABLE tenant_summaries (
        tenant_id TEXT PRIMARY KEY,
        summary TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        received INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE feed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        correlation_id TEXT
      );
    `,
  },
];
