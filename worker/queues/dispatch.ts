import { CONSUMED_QUEUES, type ConsumedQueueName } from "../../events/queue-names";
import { type Consumer, consume, consumeRaw } from "../../platform/consumer/consume";
import { log } from "../../platform/log";
import { storeDeadLetters } from "./dlq-consumer";
import { fanOut } from "./fan-out";

/**
 * Every queue the platform Worker consumes, each wrapped in the consumer middleware
 * (metrics, logs, ack/retry/dead-letter, parsing): the events and agent commands (the
 * fan-out to the tenants' agents) and every dead-letter queue (the operator's store).
 * Each service's command queue is consumed by that service's own Worker
 * (`services/<name>/worker.ts`).
 */
export const consumers: Record<string, Consumer> = {
  events: consume("events", fanOut, { countsEvents: true }),
  "agent-commands": consume("agent-commands", fanOut, { countsEvents: true }),
  ...Object.fromEntries(
    CONSUMED_QUEUES.map((q: ConsumedQueueName) => [
      `${q}-dlq`,
      consumeRaw(`${q}-dlq`, storeDeadLetters(q)),
    ]),
  ),
  // Each dead-letter queue's own: letters its consumer could not store are stored here,
  // or, after this queue's retries, written whole to the log; never dropped silently.
  ...Object.fromEntries(
    CONSUMED_QUEUES.map((q: ConsumedQueueName) => [
      `${q}-dlq-dlq`,
      consumeRaw(`${q}-dlq-dlq`, storeDeadLetters(q, { lastLevel: true })),
    ]),
  ),
};

/** The Worker's `queue()` handler: one consumer per queue, chosen by the queue's name. */
export async function dispatchQueue(
  batch: MessageBatch<unknown>,
  env: Env,
  exec?: ExecutionContext,
): Promise<void> {
  const consumer = Object.hasOwn(consumers, batch.queue) ? consumers[batch.queue] : undefined;
  if (consumer) return consumer(batch, env, exec);
  // A queue wired to this Worker that nothing here knows: leave the messages on it.
  log({ level: "error", msg: "no consumer for queue", queue: batch.queue });
  batch.retryAll({ delaySeconds: 60 });
}
