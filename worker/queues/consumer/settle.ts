import { classifyError, describeError } from "../../../events";
import { retryDelaySeconds, retryPlan } from "../backoff";
import { wrapDeadLetter } from "../dead-letter";
import type { Delivery, Middleware } from "./types";

/**
 * Acks, retries or dead-letters each message by its outcome, after everything inside
 * has run: acked and duplicate messages are acked; a failure is classified (permanent →
 * dead letter at once, rate-limited → a longer delay, anything else → backoff). A
 * message nothing settled, or a stage that threw, counts as a transient failure: never
 * acked on error. With `maxRetries` (the queue's), a failure on the last delivery is
 * dead-lettered with its reason. Dead letters leave in one send; if it fails they are
 * retried instead, so nothing is dropped.
 */
export function settle(options: { maxRetries?: number } = {}): Middleware {
  return (next) => async (deliveries, ctx) => {
    try {
      await next(deliveries, ctx);
    } catch (error) {
      ctx.deps.log({
        level: "error",
        msg: "consumer stage failed",
        queue: ctx.queue,
        error: describeError(error),
      });
      for (const d of deliveries) d.outcome ??= { status: "failed", error };
    }

    const toDeadLetter: Delivery[] = [];
    for (const d of deliveries) {
      const outcome = d.outcome ?? {
        status: "failed",
        error: new Error("no stage settled this message"),
      };
      if (outcome.status === "acked" || outcome.status === "duplicate") {
        d.raw.ack();
        d.disposition = outcome.status;
        continue;
      }
      const failure = classifyError(outcome.error);
      d.reason = failure.reason;
      const plan = retryPlan(failure, d.raw.attempts, options.maxRetries);
      if (plan.action === "dead-letter") {
        d.reason = plan.reason ?? failure.reason;
        toDeadLetter.push(d);
        continue;
      }
      retry(d, plan.delaySeconds);
    }

    if (toDeadLetter.length === 0) return;
    try {
      await ctx.deps.sendDeadLetters(
        toDeadLetter.map((d) => wrapDeadLetter(ctx.queue, d.raw, d.reason ?? "permanent failure")),
      );
      for (const d of toDeadLetter) {
        d.raw.ack();
        d.disposition = "dead-lettered";
      }
    } catch (error) {
      for (const d of toDeadLetter) {
        d.reason = `could not dead-letter (${describeError(error)}): ${d.reason}`;
        retry(d, retryDelaySeconds(d.raw.attempts));
      }
    }
  };
}

function retry(d: Delivery, delaySeconds: number): void {
  d.raw.retry({ delaySeconds });
  d.disposition = "retried";
  d.delaySeconds = delaySeconds;
}
