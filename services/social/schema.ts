import type { Migration } from "../../platform/sqlite/migrations";

/** The social service's own tables (versions 1 and 2 are the shared dedup and outbox). */
export const socialMigrations: readonly Migration[] = [
  {
    version: 3,
    name: "posts",
    sql: `
      CREATE TABLE posts (
        post_id TEXT PRIMARY KEY,
        content_id TEXT NOT NULL,
        network TEXT NOT NULL,
        url TEXT NOT NULL,
        text TEXT NOT NULL,
        command_id TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX posts_by_content ON posts (content_id);
    `,
  },
];
