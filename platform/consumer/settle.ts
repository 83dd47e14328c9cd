import { classifyError, describeError } from "../../events";
import { retryDelaySeconds, retryPlan } from "../queues/backoff";
import { wrapDeadLetter } from "../queues/dead-letter";
import type { Delivery, Middleware, RawMessage } from "./types";

/**
 * Acks, retries or dead-letters each message by its outcome, after everything inside
 * has run: acked and duplicate messages are acked; a failure is classified (permanent →
 * dead letter at once, rate-limited → a longer delay, anything else → backoff). A
 * message nothing settled, or a stage that threw, counts as a transient failure: never
 * acked on error. A message a paused tenant's agent held is acked: the agent keeps it.
 * With `maxRetries` (the queue's), a failure on the last delivery is dead-lettered with
 * its reason. Dead letters leave in one send; if it fails they are retried instead, so
 * nothing is dropped.
 *
 * The envelopes of a bundle share one queue message: each is decided on its own (a
 * permanent failure is dead-lettered alone), and the message is retried if any of them
 * must be, else acked. Envelopes already applied are skipped by dedup on the retry.
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
    const retryIn = new Map<RawMessage, number>();
    const markRetry = (d: Delivery, delaySeconds: number) => {
      d.disposition = "retried";
      d.delaySeconds = delaySeconds;
      retryIn.set(d.raw, Math.max(retryIn.get(d.raw) ?? 0, delaySeconds));
    };
    for (const d of deliveries) {
      const outcome = d.outcome ?? {
        status: "failed",
        error: new Error("no stage settled this message"),
      };
      if (
        outcome.status === "acked" ||
        outcome.status === "duplicate" ||
        outcome.status === "held"
      ) {
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
      markRetry(d, plan.delaySeconds);
    }

    if (toDeadLetter.length > 0) {
      try {
        await ctx.deps.sendDeadLetters(
          toDeadLetter.map((d) =>
            wrapDeadLetter(
              ctx.queue,
              { body: d.body, attempts: d.raw.attempts },
              d.reason ?? "permanent failure",
            ),
          ),
        );
        for (const d of toDeadLetter) d.disposition = "dead-lettered";
      } catch (error) {
        for (const d of toDeadLetter) {
          d.reason = `could not dead-letter (${describeError(error)}): ${d.reason}`;
          markRetry(d, retryDelaySeconds(d.raw.attempts));
        }
      }
    }

    // One decision per queue message, however many envelopes it carried.
    for (const raw of new Set(deliveries.map((d) => d.raw))) {
      const delay = retryIn.get(raw);
      if (delay === undefined) raw.ack();
      else raw.retry({ delaySeconds: delay });
    }
  };
}
