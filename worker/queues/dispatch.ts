import { handleResearchCommands } from "../../services/research/consumer";
import { type Consumer, consume, consumeRaw } from "./consumer/consume";
import { writeLog } from "./consumer/deps";
import { storeDeadLetters } from "./dlq-consumer";
import { fanOut } from "./fan-out";
import { CONSUMED_QUEUES, type ConsumedQueueName } from "./names";
import { holdForMissingService } from "./service-placeholder";

/**
 * Every queue this Worker consumes, each wrapped in the consumer middleware (metrics,
 * logs, ack/retry/dead-letter, parsing). A service that arrives replaces its
 * placeholder with one line: `"research-commands": consume("research-commands", research)`.
 */
export const consumers: Record<string, Consumer> = {
  events: consume("events", fanOut, { countsEvents: true }),
  "agent-commands": consume("agent-commands", fanOut, { countsEvents: true }),
  "research-commands": consume("research-commands", handleResearchCommands, {
    accepts: ["research.requested"],
  }),
  "publish-commands": consume("publish-commands", holdForMissingService),
  "social-commands": consume("social-commands", holdForMissingService),
  "analytics-commands": consume("analytics-commands", holdForMissingService),
  ...Object.fromEntries(
    CONSUMED_QUEUES.map((q: ConsumedQueueName) => [
      `${q}-dlq`,
      consumeRaw(`${q}-dlq`, storeDeadLetters(q)),
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
  writeLog({ level: "error", msg: "no consumer for queue", queue: batch.queue });
  batch.retryAll({ delaySeconds: 60 });
}
