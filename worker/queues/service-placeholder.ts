import { deadLetterNow } from "./dead-letter";
import type { CommandQueueName } from "./names";

/**
 * The consumer of a service command queue whose reference service is not deployed in
 * this Worker yet: each command goes to the queue's dead-letter store with that reason,
 * where an operator sees it and can redrive it later, rather than being dropped.
 */
export async function holdForMissingService(
  batch: MessageBatch<unknown>,
  env: Env,
  queue: CommandQueueName,
): Promise<void> {
  for (const raw of batch.messages) {
    await deadLetterNow(env, queue, raw, `no service consumes ${queue} in this deployment yet`);
    raw.ack();
  }
}
