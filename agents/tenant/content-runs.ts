import type { Message } from "../../events";
import { markProcessed } from "../../platform/sqlite/dedup";
import { addToOutbox } from "../../platform/sqlite/outbox";
import { findArticle, markArticleReady } from "./articles";
import { decideReady, decideRunFailed, type RunFailure } from "./decide-reports";
import type { DecideContext, Decision } from "./decision";
import { recordDecision } from "./decision-store";
import { restartsOf } from "./run-restart";
import { readRun, runTraceparents } from "./run-store";
import { currentStrategy } from "./strategy-store";

// What the agent does when one of its content runs reports back: the article is ready
// (announce it, send it to the publisher) or the run failed for good. The decisions are
// `decide-reports.ts`'s (pure); here their facts are read and each is recorded under the
// run, with its reasons, so the trace shows it in the chain, and its messages queued.

/** The run's article is ready; `approval` is the reviewer's note when it needed one. */
export type ContentReady = { content_id: string; run_id: string; approval: string | null };

export type { RunFailure } from "./decide-reports";

/**
 * Marks the article ready and, in the caller's transaction, writes `content.ready` and
 * `content.publish` to the outbox with the decision that sends them. Idempotent: an
 * article already ready (or replaced by a later run) writes nothing, so a retried step
 * never publishes twice.
 */
export function readyAndPublish(
  sql: SqlStorage,
  tenantId: string,
  ready: ContentReady,
  now: Date,
): Message[] {
  const article = findArticle(sql, ready.content_id);
  if (!article) throw new Error(`no stored article ${ready.content_id}`);
  if (!markArticleReady(sql, ready.content_id, ready.run_id, now.toISOString())) return [];
  const rewrite =
    readRun(sql, ready.run_id)?.content_id === ready.content_id &&
    ready.content_id !== ready.run_id;
  const decision = decideReady(
    {
      tenant_id: tenantId,
      run_id: ready.run_id,
      content_id: ready.content_id,
      keyword: article.keyword,
      title: article.title,
      slug: article.slug,
      word_count: article.word_count,
      approval: ready.approval,
      rewrite,
      correlation_id: article.correlation_id ?? null,
      cause_id: article.cause_id ?? null,
      ...runTrace(sql, ready.run_id),
    },
    contextAt(now),
  );
  record(sql, ready.run_id, "publish", article.correlation_id ?? null, decision, now);
  return decision.emit;
}

/**
 * Writes `workflow.failed` for a run to the outbox with the decision that notes it,
 * once per run however often the run's failure step is retried.
 */
export function recordFailure(
  sql: SqlStorage,
  tenantId: string,
  failure: RunFailure,
  now: Date,
): Message | null {
  // A restarted run that fails again reports again (tenant/run-restart.ts): once per try.
  const restarts = restartsOf(sql, failure.run_id);
  const once = restarts > 0 ? `${failure.run_id}:restart-${restarts}` : failure.run_id;
  if (!markProcessed(sql, `workflow.failed:${once}`, "workflow.failed", now.getTime())) {
    return null;
  }
  const decision = decideRunFailed(
    { tenant_id: tenantId, ...failure, ...runTrace(sql, failure.run_id) },
    contextAt(now),
  );
  record(
    sql,
    failure.run_id,
    restarts > 0 ? `failure-r${restarts}` : "failure",
    failure.correlation_id,
    decision,
    now,
  );
  const [failed] = decision.emit;
  return failed ?? null;
}

/** Time as the caller read it, fresh ids: what the decisions take. */
function contextAt(now: Date): DecideContext {
  return { now: () => now, newId: () => crypto.randomUUID() };
}

/**
 * The trace context the run was decided under, so its messages carry its cause's trace
 * with the cause's span as their parent, as the decision's own messages do.
 */
function runTrace(sql: SqlStorage, runId: string): { traceparent?: string } {
  const traceparent = runTraceparents(sql, [runId]).get(runId);
  return traceparent === undefined ? {} : { traceparent };
}

/** Stores the decision under its run (the trace's parent) and queues what it sends. */
function record(
  sql: SqlStorage,
  runId: string,
  /** "publish", "failure", or "failure-r<n>" for the failure of a run's n-th restart. */
  what: string,
  correlationId: string | null,
  decision: Decision,
  now: Date,
): void {
  recordDecision(
    sql,
    { event_id: runId, ...(correlationId ? { correlation_id: correlationId } : {}) },
    decision,
    currentStrategy(sql).version,
    now.toISOString(),
    `d-${runId}-${what}`,
  );
  for (const message of decision.emit) addToOutbox(sql, message, now.getTime());
}
