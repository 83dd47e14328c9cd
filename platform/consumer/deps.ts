import { isConsumedQueue } from "../../events/queue-names";
import { count } from "../metrics/buffer";
import { deadLetterQueueFor } from "../queues/bindings";
import { sendAll } from "../queues/send-all";
import type { ConsumerDeps, LogEntry } from "./types";

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
    log: writeLog,
    now: () => Date.now(),
    background(work) {
      if (exec) exec.waitUntil(work);
      else void work.catch(() => undefined);
    },
  };
}

/** One JSON line per entry; warnings and errors to stderr. */
export function writeLog(entry: LogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.level === "error" || entry.level === "warn") console.error(line);
  else console.log(line);
}
