/**
 * How a consumer's handler says why a message failed, so the consumer knows what to do
 * with it: a `PermanentError` can never succeed (dead-lettered at once, no retries
 * burned), a `RateLimitedError` asks to come back later, anything else is transient
 * (retried with exponential backoff until the queue's `max_retries`, then dead-lettered).
 */
export class PermanentError extends Error {
  override readonly name = "PermanentError";
}

/** The destination refused for now; retry no sooner than `retryAfterSeconds`. */
export class RateLimitedError extends Error {
  override readonly name = "RateLimitedError";
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** The retry class of a failure. */
export type FailureClass =
  | { kind: "permanent"; reason: string }
  | { kind: "rate-limited"; reason: string; retryAfterSeconds: number }
  | { kind: "transient"; reason: string };

/** Classifies any thrown value; unknown errors are transient (retrying is the safe default). */
export function classifyError(error: unknown): FailureClass {
  const reason = describeError(error);
  if (error instanceof PermanentError) return { kind: "permanent", reason };
  if (error instanceof RateLimitedError) {
    const seconds = Number.isFinite(error.retryAfterSeconds) ? error.retryAfterSeconds : 0;
    return { kind: "rate-limited", reason, retryAfterSeconds: Math.max(0, seconds) };
  }
  return { kind: "transient", reason };
}

/** A short, single-line description of a thrown value, for logs and dead letters. */
export function describeError(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  return text.replace(/\s+/g, " ").slice(0, 500);
}

/**
 * The words every call refused during an outage carries, so the HTTP layer can answer
 * 503 (try again) rather than 500 (a fault) whoever relayed the error.
 */
export const OPS_UNAVAILABLE = "the OpsAgent is unavailable";

/** Whether an error (possibly relayed over RPC, which keeps only the message) is an outage. */
export function isOpsUnavailable(error: unknown): boolean {
  return error instanceof Error && error.message.includes(OPS_UNAVAILABLE);
}
