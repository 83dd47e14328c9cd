import { z } from "zod";
import { type ConsumedQueueName, deadLetterQueueFor } from "./names";

/**
 * What a consumer sends to a dead-letter queue itself, for a message that can never
 * succeed (it does not parse, nothing routes it): the original body with the reason.
 * Messages that exhaust their retries arrive on the DLQ as their plain body instead.
 */
export const DeadLetterWrapper = z.object({
  switchboard_dead_letter: z.literal(1),
  queue: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  body: z.unknown(),
});
export type DeadLetterWrapper = z.infer<typeof DeadLetterWrapper>;

export async function deadLetterNow(
  env: Env,
  queue: ConsumedQueueName,
  message: { body: unknown; attempts: number },
  reason: string,
): Promise<void> {
  const wrapper: DeadLetterWrapper = {
    switchboard_dead_letter: 1,
    queue,
    reason,
    attempts: message.attempts,
    body: message.body,
  };
  await deadLetterQueueFor(env, queue).send(wrapper, { contentType: "json" });
}
