import type { DeadLetterInput } from "../../agents/ops/dead-letters";
import { opsAgent } from "../agent-stubs";
import { retryDelaySeconds } from "./backoff";
import { DeadLetterWrapper } from "./dead-letter";
import type { ConsumedQueueName } from "./names";

/**
 * Stores every message of a dead-letter queue in the OpsAgent with its reason and
 * attempts. The whole batch is stored in one call; if that fails the batch is retried,
 * so nothing leaves a DLQ without being stored.
 */
export async function storeDeadLetters(
  batch: MessageBatch<unknown>,
  env: Env,
  source: ConsumedQueueName,
): Promise<void> {
  const seenAt = new Date().toISOString();
  const letters = batch.messages.map((raw) => toDeadLetter(raw, source, seenAt));
  try {
    const ops = await opsAgent(env);
    await ops.recordDeadLetters(letters);
    batch.ackAll();
  } catch (error) {
    console.error(
      JSON.stringify({
        level: "error",
        msg: "dead letters not stored; retrying",
        queue: batch.queue,
        error: String(error),
      }),
    );
    for (const raw of batch.messages) raw.retry({ delaySeconds: retryDelaySeconds(raw.attempts) });
  }
}

function toDeadLetter(
  raw: Message<unknown>,
  source: ConsumedQueueName,
  seenAt: string,
): DeadLetterInput & { id: string } {
  const wrapped = DeadLetterWrapper.safeParse(raw.body);
  const body = wrapped.success ? wrapped.data.body : raw.body;
  const reason = wrapped.success
    ? wrapped.data.reason
    : "retries exhausted: the handler kept failing";
  const attempts = wrapped.success ? wrapped.data.attempts : raw.attempts;
  const envelope =
    typeof body === "object" && body !== null ? (body as Record<string, unknown>) : {};
  const eventId = typeof envelope.event_id === "string" ? envelope.event_id : null;
  return {
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
