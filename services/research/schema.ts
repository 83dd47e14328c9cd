import { processedEventsMigrationSql } from "../../platform/sqlite/dedup";
import type { Migration } from "../../platform/sqlite/migrations";
import { outboxMigrationSql } from "../../platform/sqlite/outbox";

/** The research service's own schema, one entry per version; a shipped entry never changes. */
export const researchMigrations: readonly Migration[] = [
  { version: 1, name: "dedup", sql: processedEventsMigrationSql },
  { version: 2, name: "outbox", sql: outboxMigrationSql },
  {
    version: 3,
    name: "keyword research",
    sql: `
      CREATE TABLE research (
        keyword_key TEXT PRIMARY KEY,
        research_id TEXT NOT NULL UNIQUE,
        tenant_id TEXT NOT NULL,
        keyword TEXT NOT NULL,
        difficulty INTEGER NOT NULL,
        volume INTEGER NOT NULL,
        intent TEXT NOT NULL,
        researched_at TEXT NOT NULL,
        command_event_id TEXT NOT NULL
      );
    `,
  },
];
