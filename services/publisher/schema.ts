import type { Migration } from "../../platform/sqlite/migrations";

/** The publisher's own tables (versions 1 and 2 are the shared dedup and outbox). */
export const publisherMigrations: readonly Migration[] = [
  {
    version: 3,
    name: "publications and pages",
    sql: `
      CREATE TABLE publications (
        content_id TEXT PRIMARY KEY,
        slug TEXT NOT NULL,
        url TEXT NOT NULL,
        title TEXT NOT NULL,
        keyword TEXT NOT NULL,
        word_count INTEGER NOT NULL,
        article_run TEXT NOT NULL,
        command_id TEXT NOT NULL,
        published_at TEXT NOT NULL
      );
      CREATE TABLE pages (
        slug TEXT PRIMARY KEY,
        content_id TEXT NOT NULL,
        title TEXT NOT NULL,
        summary TEXT NOT NULL,
        html TEXT NOT NULL,
        published_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX pages_by_time ON pages (published_at);
    `,
  },
  {
    // Analytics reads pages by URL to judge their reports (services/analytics/judge-inputs.ts).
    version: 4,
    name: "publications by url",
    sql: "CREATE INDEX publications_by_url ON publications (url);",
  },
];
