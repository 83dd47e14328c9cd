/** A tenant's article as its content runs store it and the publisher reads it by id. */

/** What a content run stores. */
export type ArticleInput = {
  content_id: string;
  run_id: string;
  keyword: string;
  title: string;
  slug: string;
  markdown: string;
  summary: string;
  word_count: number;
  correlation_id: string | null;
  cause_id: string | null;
};

export type StoredArticle = ArticleInput & {
  status: "stored" | "ready";
  created_at: string;
  ready_at: string | null;
};

/** The publisher's answer: the article to publish, or why it may not be. */
export type PublishableArticle =
  | { ok: true; article: StoredArticle }
  | { ok: false; reason: string };
