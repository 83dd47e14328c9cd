import { serviceConsumers } from "../../services";
import { storeDeadLetters } from "./dlq-consumer";
import { fanOut } from "./fan-out";
import { COMMAND_QUEUES, type CommandQueueName, sourceOfDeadLetterQueue } from "./names";
import { holdForMissingService } from "./service-placeholder";

/** The Worker's `queue()` handler: one consumer per queue, chosen by the queue's name. */
export async function dispatchQueue(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  const name = batch.queue;
  if (name === "events" || name === "agent-commands") return fanOut(batch, env, name);
  if ((COMMAND_QUEUES as readonly string[]).includes(name)) {
    const service = serviceConsumers[name as CommandQueueName];
    if (service) return service(batch, env);
    return holdForMissingService(batch, env, name as CommandQueueName);
  }
  const source = sourceOfDeadLetterQueue(name);
  if (source) return storeDeadLetters(batch, env, source);
  // A queue wired to this Worker that nothing here knows: leave the messages on it.
  console.error(JSON.stringify({ level: "error", msg: "no consumer for queue", queue: name }));
  batch.retryAll({ delaySeconds: 60 });
}
