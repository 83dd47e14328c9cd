import {
  type DeadLetter,
  type DeadLetterInput,
  type DeadLetterStoreResult,
  deadLetterId,
} from "../../agents/ops/dead-letters";
import { describeError, TenantId } from "../../events";
import type { ConsumedQueueName } from "../../events/queue-names";
import { traceFields } from "../../platform/consumer/log";
import type { ConsumerContext, Delivery, Stage } from "../../platform/consumer/types";
import { DeadLetterWrapper } from "../../platform/queues/dead-letter";
import { opsAgent } from "../agent-stubs";

/**
 * `max_retries` of the `<queue>-dlq` consumers in wrangler.jsonc (a unit test keeps them
 * equal): a letter that could not be stored by then moves to `<queue>-dlq-dlq`.
 */
export const DLQ_MAX_RETRIES = 10;

/**
 * `max_retries` of the `<queue>-dlq-dlq` consumers, the last level: a letter still not
 * stored on its last delivery there is written to the log in full, then acked.
 */
export const DLQ_DLQ_MAX_RETRIES = 100;

/** An event id longer than this does not go into a letter's id (the queue message's id does). */
const MAX_KEY_LENGTH = 128;

/**
 * The stage of a `<queue>-dlq` consumer (and of its own `<queue>-dlq-dlq`): stores every
 * letter of the batch in the OpsAgent in one call, each in its own transaction, with its
 * reason and attempts. A letter is acked only once it is stored; one that cannot be is
 * retried alone while its batch-mates are acked, and after the queue's retries moves on
 * to the next level. At the last level (`lastLevel`) a letter that still cannot be stored
 * is logged whole — the log is then its only copy — rather than dropped by the queue.
 * Letters the queue itself moved here after `max_retries` are counted as dead-lettered
 * on their source queue once stored (the source consumer only saw them retried).
 */
export function storeDeadLetters(
  source: ConsumedQueueName,
  options: { lastLevel?: boolean } = {},
): Stage {
  return async (deliveries, ctx) => {
    const seenAt = new Date().toISOString();
    const letters = deliveries.map((d) => toDeadLetter(d.raw, d.body, source, seenAt));
    let results: DeadLetterStoreResult[];
    try {
      const ops = await opsAgent(ctx.env);
      ctx.report.doRequests(1);
      const answer = await ops.recordDeadLetters(letters.map((l) => l.letter));
      ctx.report.sqlite(answer.usage);
      results = answer.results;
    } catch (error) {
      // The store is unreachable: every letter fails (and is retried) with this error.
      const reason = describeError(error);
      results = letters.map((l) => ({ id: l.letter.id, stored: false, error: reason }));
    }

    let exhausted = 0;
    deliveries.forEach((d, i) => {
      const letter = letters[i];
      const result = results[i];
      if (!letter) return;
      if (result?.stored) {
        d.outcome = { status: "acked" };
        if (!letter.wrapped) exhausted++;
        for (const evicted of result.evicted) logEvicted(ctx, evicted);
        return;
      }
      const error = `dead letter not stored: ${result?.error ?? "the store did not answer"}`;
      if (options.lastLevel && d.raw.attempts > DLQ_DLQ_MAX_RETRIES) {
        logLost(ctx, d, letter.letter, error);
        d.outcome = { status: "acked" };
        return;
      }
      d.outcome = { status: "failed", error: new Error(error) };
    });
    if (exhausted > 0) ctx.report.countFor(source, "dead_lettered", exhausted);
  };
}

function toDeadLetter(
  raw: { id: string; attempts: number },
  delivered: unknown,
  source: ConsumedQueueName,
  seenAt: string,
): { letter: DeadLetterInput & { id: string }; wrapped: boolean } {
  const wrapped = DeadLetterWrapper.safeParse(delivered);
  const body = wrapped.success ? wrapped.data.body : delivered;
  const reason = wrapped.success
    ? wrapped.data.reason
    : "retries exhausted: the destination kept failing";
  const attempts = wrapped.success ? wrapped.data.attempts : raw.attempts;
  const envelope =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const eventId = typeof envelope.event_id === "string" ? envelope.event_id : null;
  // Only a valid tenant id names a tenant (its quota, its letters); anything else from a
  // body that never parsed counts under "no tenant".
  const tenantId = TenantId.safeParse(envelope.tenant_id).data ?? null;
  const key =
    eventId !== null && eventId.length > 0 && eventId.length <= MAX_KEY_LENGTH ? eventId : raw.id;
  return {
    wrapped: wrapped.success,
    letter: {
      // The same message dead-lettered twice keeps one row: keyed by queue, tenant and
      // event id when it has one, else by the queue message id.
      id: deadLetterId(source, tenantId, key),
      queue: source,
      reason,
      attempts,
      event_id: eventId,
      type: typeof envelope.type === "string" ? envelope.type : null,
      tenant_id: tenantId,
      body: safeStringify(body),
      seen_at: seenAt,
    },
  };
}

/** A letter pushed out of the store by its tenant's quota: the log keeps it whole. */
function logEvicted(ctx: ConsumerContext, letter: DeadLetter): void {
  ctx.deps.log({
    level: "error",
    msg: "dead letter evicted",
    queue: letter.queue,
    id: letter.id,
    tenant_id: letter.tenant_id,
    event_id: letter.event_id,
    type: letter.type,
    ...traceFields(parseOrNull(letter.body)),
    reason: letter.reason,
    attempts: letter.attempts,
    first_seen: letter.first_seen,
    last_seen: letter.last_seen,
    why: "over its tenant's dead-letter quota (least recently failed first)",
    body: letter.body,
  });
}

/** A letter the last level could not store either: the log is its only copy. */
function logLost(ctx: ConsumerContext, d: Delivery, letter: DeadLetterInput, error: string): void {
  ctx.deps.log({
    level: "error",
    msg: "dead letter not stored: kept only in this log",
    queue: ctx.queue,
    source: letter.queue,
    tenant_id: letter.tenant_id,
    event_id: letter.event_id,
    type: letter.type,
    ...traceFields(parseOrNull(letter.body)),
    reason: letter.reason,
    attempts: d.raw.attempts,
    error,
    body: letter.body,
  });
}

/** A stored letter's body, read back for its trace; a body that is not JSON has none. */
function parseOrNull(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    // Kept as text because it could not be serialised: there is no envelope to read.
    return null;
  }
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    // A body that cannot be serialised is still kept, as text.
    return String(value);
  }
}
