import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";
import { Waiting } from "./runs";

/** One article, from the run that writes it to the page that shows it. */
export const ContentItem = z.looseObject({
  content_id: text,
  keyword: text,
  /** writing, awaiting approval, publishing, published, rejected, cancelled, failed */
  status: text,
  title: maybeText,
  word_count: maybeCount,
  /** The published page(s); empty until the publisher has answered. */
  urls: z.array(text),
  published_at: maybeText,
  /** The newest run that wrote it, its chain, and why it failed if it did. */
  run_id: text,
  correlation_id: text,
  error: maybeText,
  requested_at: text,
});
export type ContentItem = z.infer<typeof ContentItem>;

/** `GET /api/tenants/:id/content`: the tenant's articles, newest first. */
export const ContentList = z.object({
  content: z.array(ContentItem),
  /** The next (older) page's cursor; null on the last page. */
  next_cursor: maybeText,
});
export type ContentList = z.infer<typeof ContentList>;

/** A researched keyword as the agent keeps it, with the chain that asked for it. */
export const ResearchRow = z.looseObject({
  research_id: text,
  keyword: text,
  difficulty: count,
  volume: count,
  intent: text,
  correlation_id: maybeText,
  received_at: text,
});
export type ResearchRow = z.infer<typeof ResearchRow>;

/** How a keyword is used already: a decision drops it. */
export const KeywordUse = z.enum(["published", "in progress"]);
export type KeywordUse = z.infer<typeof KeywordUse>;

/**
 * `GET /api/tenants/:id/research`: the newest research per keyword and, by `keywordKey`,
 * the keywords already published or being written: what `pickKeywords` needs.
 */
export const Research = z.object({
  results: z.array(ResearchRow),
  keyword_use: z.record(z.string(), KeywordUse),
});
export type Research = z.infer<typeof Research>;

/**
 * `GET /api/tenants/:id/outbox` (operators): what the tenant's agent has not sent or
 * started yet. Both counts are 0 once it has caught up.
 */
export const TenantOutbox = z.looseObject({
  pending: count,
  /** When the oldest unsent row was written (ms since the epoch), null when none waits. */
  oldest_pending_at: maybeCount,
  last_error: maybeText,
  /** Tries of the oldest unsent message so far. */
  attempts: count.default(0),
  /** Why messages wait (`sending`, `send_failed`), with a sentence; null when none does. */
  waiting: Waiting.nullable().default(null),
  /** Runs decided but not started yet. */
  runs_to_start: count,
});
export type TenantOutbox = z.infer<typeof TenantOutbox>;
