/**
 * A command that can never succeed however often it is retried (it names an article
 * that does not exist, a fault was injected as permanent...). The consumer sends it
 * to the dead-letter queue at once, with this message as the reason.
 */
export class PermanentError extends Error {
  override readonly name = "PermanentError";
}

/** A command that failed this time and may succeed later; the consumer retries it with backoff. */
export class TransientError extends Error {
  override readonly name = "TransientError";
}
