import { createMessage, type Message } from "../../events";
import { markProcessed } from "../../platform/sqlite/dedup";
import { addToOutbox } from "../../platform/sqlite/outbox";
import { findArticle, markArticleReady } from "./articles";
import type { Decision } from "./decision";
import { recordDecision } from "./decision-store";
import { restartsOf } from "./run-restart";
import { readRun, runTraceparents } from "./run-store";
import { currentStrategy } from "./strategy-store";

// What the agent does when one of its content runs reports back: the article is ready
// (announce it, send it to the publisher) or the run failed for good. Each is recorded
// as a decision under the run, with its reasons, so the trace shows it in the chain.

/** The run's article is ready; `approval` is the reviewer's note when it needed one. */
export type ContentReady = { content_id: string; run_id: string; approval: string | null };

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
  const chain = article.correlation_id ?? undefined;
  const readyMessage = createMessage(
    "content.ready",
    { content_id: ready.content_id, keyword: article.keyword, word_count: article.word_count },
    {
      tenant_id: tenantId,
      source: SOURCE,
      ...(chain ? { correlation_id: chain } : {}),
      ...(article.cause_id ? { cause: { event_id: article.cause_id } } : {}),
      ...runTrace(sql, ready.run_id),
    },
  );
  const publish = createMessage(
    "content.publish",
    { content_id: ready.content_id, keyword: article.keyword },
    { tenant_id: tenantId, source: SOURCE, cause: readyMessage },
  );
  const rewrite =
    readRun(sql, ready.run_id)?.content_id === ready.content_id &&
    ready.content_id !== ready.run_id;
  const decision: Decision = {
    kind: "publish",
    summary: `'${article.keyword}' ready (${article.word_count} words): sent to the publisher`,
    emit: [readyMessage, publish],
    startRuns: [],
    reasons: [
      {
        verdict: "kept",
        subject: article.keyword,
        text: `'${article.title}' passed the editor: ${article.word_count} words${rewrite ? ", replacing the earlier version" : ""}`,
      },
      ...(ready.approval === null
        ? []
        : [
            {
              verdict: "note" as const,
              subject: article.keyword,
              text: `approved: ${ready.approval}`,
            },
          ]),
      {
        verdict: "note",
        subject: ready.content_id,
        text: `asked the publisher to publish ${ready.content_id} as /${article.slug}`,
      },
    ],
  };
  record(sql, ready.run_id, "publish", chain ?? null, decision, now);
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
      ...runTrace(sql, failure.run_id),
    },
  );
  const subject = failure.keyword ?? failure.run_id;
  record(
    sql,
    failure.run_id,
    restarts > 0 ? `failure-r${restarts}` : "failure",
    failure.correlation_id,
    {
      kind: "failure",
      summary: `run for '${subject}' failed at ${failure.step}`,
      emit: [failed],
      startRuns: [],
      reasons: [
        {
          verdict: "dropped",
          subject,
          text: `failed at ${failure.step}: ${failure.reason}; the keyword can be picked again`,
        },
      ],
    },
    now,
  );
  return failed;
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
