import { processedEventsMigrationSql } from "../shared/dedup";
import type { Migration } from "../shared/migrations";
import { outboxMigrationSql } from "../shared/outbox";
import { articlesMigrationSql } from "./articles";

/** The TenantAgent's schema, one entry per version; a shipped entry never changes. */
export const tenantMigrations: readonly Migration[] = [
  { version: 1, name: "dedup", sql: processedEventsMigrationSql },
  {
    version: 2,
    name: "event log and counters",
    sql: `
      CREATE TABLE event_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        correlation_id TEXT,
        causation_id TEXT,
        payload TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      CREATE INDEX event_log_by_type ON event_log (type, seq);
      CREATE INDEX event_log_by_correlation ON event_log (correlation_id, seq);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `,
  },
  { version: 3, name: "outbox", sql: outboxMigrationSql },
  { version: 4, name: "articles", sql: articlesMigrationSql },
];
