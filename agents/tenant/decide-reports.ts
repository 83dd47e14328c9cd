import { createMessage, type Message } from "../../events";
import { AGENT_SOURCE } from "./decide";
import type { DecideContext, Decision } from "./decision";

// What the agent decides when its own work reports back: a content run's article is
// ready, a run failed for good, the tenant's strategy changed. Like `decide`, pure:
// time and ids come from `ctx`, the facts from the caller (read from the agent's SQLite
// in the same transaction that records the decision). `decide` and these mint every
// message the agent sends.

/** The workflow's name as the `source` of what the agent sends for its runs. */
export const RUN_SOURCE = "content-workflow";

/** What is known when a run's article is ready. */
export type ReadyFacts = {
  tenant_id: string;
  run_id: string;
  content_id: string;
  keyword: string;
  title: string;
  slug: string;
  word_count: number;
  /** The reviewer's note when the run waited for approval. */
  approval: string | null;
  /** Whether the article replaces an earlier version (a refresh's rewrite). */
  rewrite: boolean;
  correlation_id: string | null;
  cause_id: string | null;
  /** The trace context the run was decided under. */
  traceparent?: string;
};

/**
 * The article is ready: announce it (`content.ready`) and ask the publisher to publish
 * it (`content.publish`, caused by the announcement), saying why.
 */
export function decideReady(facts: ReadyFacts, ctx: DecideContext): Decision {
  const ready = createMessage(
    "content.ready",
    { content_id: facts.content_id, keyword: facts.keyword, word_count: facts.word_count },
    runEnvelope(facts),
    ctx,
  );
  const publish = createMessage(
    "content.publish",
    { content_id: facts.content_id, keyword: facts.keyword },
    { tenant_id: facts.tenant_id, source: RUN_SOURCE, cause: ready },
    ctx,
  );
  return {
    kind: "publish",
    summary: `'${facts.keyword}' ready (${facts.word_count} words): sent to the publisher`,
    emit: [ready, publish],
    startRuns: [],
    reasons: [
      {
        verdict: "kept",
        subject: facts.keyword,
        text: `'${facts.title}' passed the editor: ${facts.word_count} words${facts.rewrite ? ", replacing the earlier version" : ""}`,
      },
      ...(facts.approval === null
        ? []
        : [
            {
              verdict: "note" as const,
              subject: facts.keyword,
              text: `approved: ${facts.approval}`,
            },
          ]),
      {
        verdict: "note",
        subject: facts.content_id,
        text: `asked the publisher to publish ${facts.content_id} as /${facts.slug}`,
      },
    ],
  };
}

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

/** A failure with what the agent knows of its run: whose, and the trace it was decided under. */
export type FailureFacts = RunFailure & { tenant_id: string; traceparent?: string };

/** A run's messages: the tenant's, in the run's chain, caused by what the run answered. */
function runEnvelope(facts: {
  tenant_id: string;
  correlation_id: string | null;
  cause_id: string | null;
  traceparent?: string;
}) {
  return {
    tenant_id: facts.tenant_id,
    source: RUN_SOURCE,
    ...(facts.correlation_id ? { correlation_id: facts.correlation_id } : {}),
    ...(facts.cause_id ? { cause: { event_id: facts.cause_id } } : {}),
    ...(facts.traceparent ? { traceparent: facts.traceparent } : {}),
  };
}

/** The run failed for good: say so (`workflow.failed`), and free its keyword. */
export function decideRunFailed(facts: FailureFacts, ctx: DecideContext): Decision {
  const failed = createMessage(
    "workflow.failed",
    {
      run_id: facts.run_id,
      step: facts.step,
      reason: facts.reason,
      ...(facts.keyword ? { keyword: facts.keyword } : {}),
      ...(facts.content_id ? { content_id: facts.content_id } : {}),
    },
    runEnvelope(facts),
    ctx,
  );
  const subject = facts.keyword ?? facts.run_id;
  return {
    kind: "failure",
    summary: `run for '${subject}' failed at ${facts.step}`,
    emit: [failed],
    startRuns: [],
    reasons: [
      {
        verdict: "dropped",
        subject,
        text: `failed at ${facts.step}: ${facts.reason}; the keyword can be picked again`,
      },
    ],
  };
}

/**
 * A new version of the strategy: others hear of it (`strategy.updated`), except of the
 * first, which is the tenant's setup rather than a change.
 */
export function decideStrategyUpdated(
  tenantId: string,
  version: number,
  ctx: DecideContext,
): Message<"strategy.updated"> | null {
  if (version <= 1) return null;
  return createMessage(
    "strategy.updated",
    { version },
    { tenant_id: tenantId, source: AGENT_SOURCE },
    ctx,
  );
}
