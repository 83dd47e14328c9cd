import { containsAny, whereClause } from "../../platform/sqlite/sql-where";
import { APPROVAL_STEP } from "./run-actions";

/** Where an article stands, from the run that writes it to the page that shows it. */
export type ContentStatus =
  | "writing"
  | "awaiting approval"
  | "publishing"
  | "published"
  | "rejected"
  | "cancelled"
  | "failed";

/** One article as `GET /api/tenants/:id/content` lists it. */
export type ContentView = {
  content_id: string;
  keyword: string;
  status: ContentStatus;
  title: string | null;
  word_count: number | null;
  /** The published page(s); empty until the publisher has answered. */
  urls: string[];
  published_at: string | null;
  /** The newest run that wrote it, its chain, and why it failed if it did. */
  run_id: string;
  correlation_id: string;
  error: string | null;
  requested_at: string;
};

type Row = {
  content_id: string;
  keyword: string;
  run_id: string;
  run_status: string;
  step: string | null;
  error: string | null;
  correlation_id: string;
  requested_at: string;
  title: string | null;
  article_words: number | null;
  article_status: string | null;
  content_words: number | null;
  published_at: string | null;
  urls: string | null;
};

/** The status an article shows, from its run's and its records' state. Pure. */
export function contentStatus(row: {
  run_status: string;
  step: string | null;
  error: string | null;
  article_status: string | null;
  published_at: string | null;
}): ContentStatus {
  if (row.published_at !== null) return "published";
  if (row.article_status === "ready") return "publishing";
  if (row.run_status === "terminated") return "cancelled";
  if (row.run_status === "errored")
    return row.error?.startsWith("rejected") ? "rejected" : "failed";
  if (row.step === APPROVAL_STEP && row.run_status !== "complete") return "awaiting approval";
  return row.run_status === "complete" ? "publishing" : "writing";
}

/** Where a page of articles ends: its last article's newest run, `[requested_at, run_id]`. */
export type ContentPosition = readonly [string, string];

/**
 * The tenant's articles, newest run first, one per content id: the run that writes
 * it (a refresh runs again for the same content), the stored article, and what the
 * publisher reported. `after` continues a page: only articles whose newest run sorts
 * after that position, so pages never repeat or skip an article; `q` keeps those whose
 * keyword, content id or title holds that text (any case).
 */
export function readContent(
  sql: SqlStorage,
  limit: number,
  after: ContentPosition | null = null,
  q: string | null = null,
): ContentView[] {
  const { clause, params } = whereClause([
    ["r.newest = 1"],
    after !== null && [
      "(r.requested_at < ? OR (r.requested_at = ? AND r.run_id < ?))",
      after[0],
      after[0],
      after[1],
    ],
    containsAny(["r.keyword", "r.content_id", "coalesce(a.title, '')"], q ?? undefined),
  ]);
  // One row per content id: its newest run (a refresh is a newer run of the same content).
  const rows = sql
    .exec<Row>(
      `SELECT r.content_id, r.keyword, r.run_id, r.status AS run_status, r.step, r.error,
         r.correlation_id, r.requested_at, a.title, a.word_count AS article_words,
         a.status AS article_status, c.word_count AS content_words, c.published_at, c.urls
       FROM (SELECT *, ROW_NUMBER() OVER (
               PARTITION BY content_id ORDER BY requested_at DESC, run_id DESC) AS newest
             FROM runs) r
       LEFT JOIN articles a ON a.content_id = r.content_id
       LEFT JOIN content c ON c.content_id = r.content_id
       ${clause}
       ORDER BY r.requested_at DESC, r.run_id DESC
       LIMIT ?`,
      ...params,
      limit,
    )
    .toArray();
  const out: ContentView[] = [];
  for (const row of rows) {
    out.push({
      content_id: row.content_id,
      keyword: row.keyword,
      status: contentStatus(row),
      title: row.title,
      word_count: row.content_words ?? row.article_words,
      urls: row.urls ? (JSON.parse(row.urls) as string[]) : [],
      published_at: row.published_at,
      run_id: row.run_id,
      correlation_id: row.correlation_id,
      error: row.error,
      requested_at: row.requested_at,
    });
  }
  return out;
}
