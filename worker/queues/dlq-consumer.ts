import type { DeadLetterInput } from "../../agents/ops/dead-letters";
import { opsAgent } from "../agent-stubs";
import type { Stage } from "./consumer/types";
import { DeadLetterWrapper } from "./dead-letter";
import type { ConsumedQueueName } from "./names";

/**
 * The stage of a `<queue>-dlq` consumer: stores every letter of the batch in the
 * OpsAgent in one call, with its reason and attempts. If that fails the whole batch
 * fails (and is retried), so nothing leaves a dead-letter queue without being stored.
 * Letters the queue itself moved here after `max_retries` are counted as dead-lettered
 * on their source queue (the source consumer only saw them retried).
 */
export function storeDeadLetters(source: ConsumedQueueName): Stage {
  return async (deliveries, ctx) => {
    const seenAt = new Date().toISOString();
    const letters = deliveries.map((d) => toDeadLetter(d.raw, d.body, source, seenAt));
    const ops = await opsAgent(ctx.env);
    ctx.report.doRequests(1);
    const result = await ops.recordDeadLetters(letters.map((l) => l.letter));
    ctx.report.sqlite(result.usage);
    for (const d of deliveries) d.outcome = { status: "acked" };
    const exhausted = letters.filter((l) => !l.wrapped).length;
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
  return {
    wrapped: wrapped.success,
    letter: {
      // The same message dead-lettered twice keeps one row: keyed by queue and event id
      // when it has one, else by the queue message id.
      id: `${source}:${eventId ?? raw.id}`,
      queue: source,
      reason,
      attempts,
      event_id: eventId,
      type: typeof envelope.type === "string" ? envelope.type : null,
      tenant_id: typeof envelope.tenant_id === "string" ? envelope.tenant_id : null,
      body: safeStringify(body),
      seen_at: seenAt,
    },
  };
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? "null";
  } catch {
    // A body that cannot be serialised is still kept, as text.
    return String(value);
  }
}
