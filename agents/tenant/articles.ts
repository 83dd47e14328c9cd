import type { ArticleInput, StoredArticle } from "../../events/articles";

/**
 * The tenant's articles: written by its content runs, read by the publisher by id (the
 * one synchronous cross-service call the platform allows). A run stores its article
 * (the content id is the key; a rewrite of the same content by a later run replaces
 * it), then marks it ready, which is when the agent announces it (`content.ready`) and
 * asks for it to be published (`content.publish`).
 */
export const articlesMigrationSql = `
  CREATE TABLE articles (
    content_id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL,
    keyword TEXT NOT NULL,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    markdown TEXT NOT NULL,
    summary TEXT NOT NULL,
    word_count INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('stored', 'ready')),
    correlation_id TEXT,
    cause_id TEXT,
    created_at TEXT NOT NULL,
    ready_at TEXT
  );
  CREATE INDEX articles_by_keyword ON articles (keyword);
`;

/**
 * Stores a run's article. False when this run stored it already (a retried step); a
 * later run of the same content (a rewrite) replaces the earlier article.
 */
export function insertArticle(sql: SqlStorage, input: ArticleInput, now: string): boolean {
  return (
    sql.exec(
      `INSERT INTO articles (content_id, run_id, keyword, title, slug, markdown, summary, word_count,
         status, correlation_id, cause_id, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'stored', ?, ?, ?)
       ON CONFLICT (content_id) DO UPDATE SET run_id = excluded.run_id, keyword = excluded.keyword,
         title = excluded.title, slug = excluded.slug, markdown = excluded.markdown,
         summary = excluded.summary, word_count = excluded.word_count, status = 'stored',
         correlation_id = excluded.correlation_id, cause_id = excluded.cause_id,
         created_at = excluded.created_at, ready_at = NULL
       WHERE articles.run_id <> excluded.run_id`,
      input.content_id,
      input.run_id,
      input.keyword,
      input.title,
      input.slug,
      input.markdown,
      input.summary,
      input.word_count,
      input.correlation_id,
      input.cause_id,
      now,
    ).rowsWritten > 0
  );
}

export function findArticle(sql: SqlStorage, contentId: string): StoredArticle | null {
  return (
    sql
      .exec<StoredArticle>(
        `SELECT content_id, run_id, keyword, title, slug, markdown, summary, word_count, status,
           correlation_id, cause_id, created_at, ready_at
         FROM articles WHERE content_id = ?`,
        contentId,
      )
      .toArray()[0] ?? null
  );
}

/**
 * Marks this run's stored article ready; false when it already was, or when a later
 * run has replaced it since (the caller then sends nothing).
 */
export function markArticleReady(
  sql: SqlStorage,
  contentId: string,
  runId: string,
  now: string,
): boolean {
  return (
    sql.exec(
      "UPDATE articles SET status = 'ready', ready_at = ? WHERE content_id = ? AND run_id = ? AND status = 'stored'",
      now,
      contentId,
      runId,
    ).rowsWritten > 0
  );
}
