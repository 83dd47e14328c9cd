import { CONSUMED_QUEUES, type ConsumedQueueName } from "../../events/queue-names";
import { log } from "../../platform/log";
import { deadLetterQueueFor, producerFor } from "../../platform/queues/bindings";

/** One queue's backlog as its own runtime reports it. */
export type QueueBacklog = {
  queue: string;
  /** Messages waiting to be delivered. */
  messages: number;
  bytes: number;
  /** When the oldest of them was sent (ms since the epoch); null when none waits. */
  oldest_at: number | null;
};

/** `Queue.metrics()` as the runtime answers it (the binding's own figures, no counting). */
type QueueMetricsAnswer = {
  backlogCount: number;
  backlogBytes: number;
  oldestMessageTimestamp?: Date | number;
};
type WithMetrics = { metrics?: () => Promise<QueueMetricsAnswer> };

/**
 * The backlog of every queue the Worker produces to (each consumed queue and its DLQ),
 * from the runtime's queue itself (`Queue.metrics()`, which workerd and Miniflare
 * answer), asked in parallel. A queue whose binding has no `metrics()` or whose answer
 * fails is left out (and logged), never reported as empty: no made-up number.
 */
export async function readQueueBacklogs(env: Env): Promise<QueueBacklog[]> {
  const bindings = CONSUMED_QUEUES.flatMap((queue: ConsumedQueueName) => [
    { queue, binding: producerFor(env, queue) },
    { queue: `${queue}-dlq`, binding: deadLetterQueueFor(env, queue) },
  ]);
  const answers = await Promise.all(
    bindings.map(async ({ queue, binding }): Promise<QueueBacklog | null> => {
      const metrics = (binding as unknown as WithMetrics).metrics;
      if (typeof metrics !== "function") return null;
      try {
        return backlogOf(queue, await metrics.call(binding));
      } catch (error) {
        log({
          level: "warn",
          msg: "queue backlog unknown",
          queue,
          error: String(error),
        });
        return null;
      }
    }),
  );
  return answers.filter((answer): answer is QueueBacklog => answer !== null);
}

function backlogOf(queue: string, answer: QueueMetricsAnswer): QueueBacklog {
  const oldest = answer.oldestMessageTimestamp;
  const oldestMs = oldest instanceof Date ? oldest.getTime() : oldest;
  return {
    queue,
    messages: answer.backlogCount,
    bytes: answer.backlogBytes,
    // Miniflare's own endpoint says 0 for "none"; a waiting message was sent after 1970.
    oldest_at: answer.backlogCount > 0 && oldestMs !== undefined && oldestMs > 0 ? oldestMs : null,
  };
}
