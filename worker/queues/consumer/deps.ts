import { sendAll } from "../../../agents/shared/send-all";
import { opsAgent } from "../../agent-stubs";
import { deadLetterQueueFor, isConsumedQueue } from "../names";
import type { ConsumerDeps, LogEntry } from "./types";

/**
 * The real effects of a consumer in the Worker: dead letters to `<queue>-dlq`, the
 * batch report to the OpsAgent (after the batch returns, through `waitUntil`, so the
 * next batch is not held up by it), logs as JSON lines.
 */
export function workerDeps(env: Env, queue: string, exec?: ExecutionContext): ConsumerDeps {
  return {
    async sendDeadLetters(letters) {
      // A dead-letter queue has none of its own: its consumer retries until it succeeds.
      if (!isConsumedQueue(queue)) throw new Error(`${queue} has no dead-letter queue`);
      await sendAll(deadLetterQueueFor(env, queue), letters);
    },
    async flushReport(report) {
      const flush = opsAgent(env)
        .then((ops) => ops.recordConsumerBatch(report))
        .catch((error: unknown) =>
          writeLog({ level: "error", msg: "metrics not recorded", queue, error: String(error) }),
        );
      if (exec) exec.waitUntil(flush);
      else await flush;
    },
    log: writeLog,
    now: () => Date.now(),
  };
}

/** One JSON line per entry; warnings and errors to stderr. */
export function writeLog(entry: LogEntry): void {
  const line = JSON.stringify(entry);
  if (entry.level === "error" || entry.level === "warn") console.error(line);
  else console.log(line);
}
