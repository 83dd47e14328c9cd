import type { FailureClass } from "../../events";

/** Cloudflare Queues accepts retry delays up to 12 hours. */
export const MAX_DELAY_SECONDS = 12 * 60 * 60;
/** A rate-limited destination is left alone at least this long. */
export const RATE_LIMITED_MIN_DELAY_SECONDS = 30;

/**
 * Exponential backoff for a message's next delivery: 2 s, 4 s, 8 s … capped at 5
 * minutes, so a struggling destination is not hammered while it recovers.
 */
export function retryDelaySeconds(attempts: number): number {
  const exponent = Math.max(0, attempts);
  return Math.min(300, 2 ** exponent);
}

/** What to do with a failed message; a dead letter's reason is the failure's, unless given. */
export type RetryPlan =
  | { action: "dead-letter"; reason?: string }
  | { action: "retry"; delaySeconds: number };

/**
 * The retry classes: a permanent failure is dead-lettered at once (retrying cannot
 * help, so no retries are burned); a rate-limited one waits for what the destination
 * asked, at least 30 s and at least the backoff; anything else is transient and backs
 * off exponentially. A message on its last delivery (`attempts` > `maxRetries`) is
 * dead-lettered with its last failure as the reason instead of being retried.
 */
export function retryPlan(failure: FailureClass, attempts: number, maxRetries?: number): RetryPlan {
  if (failure.kind !== "permanent" && maxRetries !== undefined && attempts > maxRetries) {
    return {
      action: "dead-letter",
      reason: `retries exhausted after ${attempts} attempts: ${failure.reason}`,
    };
  }
  switch (failure.kind) {
    case "permanent":
      return { action: "dead-letter" };
    case "rate-limited":
      return {
        action: "retry",
        delaySeconds: Math.min(
          MAX_DELAY_SECONDS,
          Math.ceil(
            Math.max(
              failure.retryAfterSeconds,
              RATE_LIMITED_MIN_DELAY_SECONDS,
              retryDelaySeconds(attempts),
            ),
          ),
        ),
      };
    case "transient":
      return { action: "retry", delaySeconds: retryDelaySeconds(attempts) };
  }
}
