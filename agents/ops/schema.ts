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
];
