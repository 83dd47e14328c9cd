import { z } from "zod";

/**
 * What a consumer sends to a dead-letter queue itself, for a message that can never
 * succeed (it does not parse, nothing routes it, the handler failed permanently): the
 * original body with the reason. Messages that exhaust their retries arrive on the DLQ
 * as their plain body instead (the queue moves them).
 */
export const DeadLetterWrapper = z.object({
  switchboard_dead_letter: z.literal(1),
  queue: z.string(),
  reason: z.string(),
  attempts: z.number().int().nonnegative(),
  body: z.unknown(),
});
export type DeadLetterWrapper = z.infer<typeof DeadLetterWrapper>;

export function wrapDeadLetter(
  queue: string,
  message: { body: unknown; attempts: number },
  reason: string,
): DeadLetterWrapper {
  return {
    switchboard_dead_letter: 1,
    queue,
    reason,
    attempts: message.attempts,
    body: message.body,
  };
}
