import { isConsumedQueue } from "../../events/queue-names";
import { log } from "../log";
import { count } from "../metrics/buffer";
import { deadLetterQueueFor } from "../queues/bindings";
import { sendAll } from "../queues/send-all";
import type { ConsumerDeps } from "./types";

/**
 * The real effects of a consumer in the Worker: dead letters to `<queue>-dlq`, the
 * batch report into the isolate's metrics buffer (handed to the OpsAgent at most once a
 * second, through `waitUntil`, so no batch waits for it), logs as JSON lines.
 */
export function workerDeps(env: Env, queue: string, exec?: ExecutionContext): ConsumerDeps {
  return {
    async sendDeadLetters(letters) {
      // A dead-letter queue has none of its own: its consumer retries until it succeeds.
      if (!isConsumedQueue(queue)) throw new Error(`${queue} has no dead-letter queue`);
      await sendAll(deadLetterQueueFor(env, queue), letters);
    },
    async flushReport(report) {
      const flushed = count(env, exec, { report });
      if (!exec) await flushed;
    },
    log,
    now: () => Date.now(),
    background(work) {
      if (exec) exec.waitUntil(work);
      else void work.catch(() => undefined);
    },
  };
}
