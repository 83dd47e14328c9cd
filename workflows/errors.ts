import { ProviderError } from "./text/provider";

/**
 * A step failure that retrying cannot fix: missing research, an article the editor
 * refuses, a misconfigured provider. Step bodies throw it as a plain error (so they
 * run in Node tests too); the workflow turns it into a `NonRetryableError`.
 */
export class PermanentStepError extends Error {
  override readonly name = "PermanentStepError";
}

/** Whether an error from a step body should end the run rather than be retried. */
export function isPermanent(error: unknown): boolean {
  return error instanceof PermanentStepError || (error instanceof ProviderError && error.permanent);
}

/**
 * A short, single-line reason for a failure, fit for an event payload (≤ 512 chars).
 * The engine hands a step's `NonRetryableError` back with its name in the message;
 * the reason is what went wrong, not how the engine was told.
 */
export function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message || error.name : String(error);
  const line =
    text
      .replace(/^NonRetryableError:\s*/, "")
      .replace(/\s+/g, " ")
      .trim() || "unknown error";
  return line.length <= 500 ? line : `${line.slice(0, 499)}…`;
}
