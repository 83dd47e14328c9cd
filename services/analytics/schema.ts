import type { Migration } from "../../platform/sqlite/migrations";

/** The analytics service's own tables (versions 1 and 2 are the shared dedup and outbox). */
export const analyticsMigrations: readonly Migration[] = [
  {
    version: 3,
    name: "reports",
    sql: `
      CREATE TABLE reports (
        request_id TEXT NOT NULL,
        url TEXT NOT NULL,
        period TEXT NOT NULL,
        impressions INTEGER NOT NULL,
        clicks INTEGER NOT NULL,
        position REAL NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (request_id, url)
      );
      CREATE INDEX reports_by_url ON reports (url, created_at);
    `,
  },
  {
    // Each report's event and its judgement (judge.ts), with the refresh it asked for.
    version: 4,
    name: "judgements",
    sql: `
      ALTER TABLE reports ADD COLUMN report_id TEXT;
      ALTER TABLE reports ADD COLUMN verdict TEXT;
      ALTER TABLE reports ADD COLUMN judgement TEXT;
      ALTER TABLE reports ADD COLUMN refresh_id TEXT;
    `,
  },
];
