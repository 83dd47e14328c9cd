import { createMessage, type Message } from "../../events";
import { markProcessed } from "../shared/dedup";
import { addToOutbox } from "../shared/outbox";
import { findArticle, markArticleReady } from "./articles";

/** What a content run reports when it fails for good. */
export type RunFailure = {
  run_id: string;
  step: string;
  reason: string;
  keyword: string | null;
  content_id: string | null;
  correlation_id: string | null;
  cause_id: string | null;
};

const SOURCE = "content-workflow";

/**
 * Marks the article ready and, in the same transaction the caller holds, writes
 * `content.ready` and `content.publish` to the outbox. Idempotent: an article that is
 * already ready writes nothing, so a retried step never publishes twice.
 */
export function readyAndPublish(
  sql: SqlStorage,
  tenantId: string,
  contentId: string,
  now: Date,
): Message[] {
  const article = findArticle(sql, contentId);
  if (!article) throw new Error(`no stored article ${contentId}`);
  if (!markArticleReady(sql, contentId, now.toISOString())) return [];
  const correlation = article.correlation_id ?? undefined;
  const ready = createMessage(
    "content.ready",
    { content_id: contentId, keyword: article.keyword, word_count: article.word_count },
    {
      tenant_id: tenantId,
      source: SOURCE,
      ...(correlation ? { correlation_id: correlation } : {}),
      ...(article.cause_id ? { cause: { event_id: article.cause_id } } : {}),
    },
  );
  const publish = createMessage(
    "content.publish",
    { content_id: contentId, keyword: article.keyword },
    { tenant_id: tenantId, source: SOURCE, cause: ready },
  );
  const stamp = now.getTime();
  addToOutbox(sql, ready, stamp);
  addToOutbox(sql, publish, stamp);
  return [ready, publish];
}

/**
 * Writes `workflow.failed` for a run to the outbox, once per run however often the
 * run's failure step is retried.
 */
export function recordFailure(
  sql: SqlStorage,
  tenantId: string,
  failure: RunFailure,
  now: Date,
): Message | null {
  if (!markProcessed(sql, `workflow.failed:${failure.run_id}`, "workflow.failed", now.getTime())) {
    return null;
  }
  const failed = createMessage(
    "workflow.failed",
    {
      run_id: failure.run_id,
      step: failure.step,
      reason: failure.reason,
      ...(failure.keyword ? { keyword: failure.keyword } : {}),
      ...(failure.content_id ? { content_id: failure.content_id } : {}),
    },
    {
      tenant_id: tenantId,
      source: SOURCE,
      ...(failure.correlation_id ? { correlation_id: failure.correlation_id } : {}),
      ...(failure.cause_id ? { cause: { event_id: failure.cause_id } } : {}),
    },
  );
  addToOutbox(sql, failed, now.getTime());
  return failed;
}
