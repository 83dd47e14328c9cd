import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/local";

/**
 * Hands a batch to the Worker's `queue()` as the runtime would, and returns what it
 * acked and retried once every `waitUntil` (the metrics flush) has settled.
 */
export async function deliverBatch(
  queue: string,
  bodies: unknown[],
  options: { bindings?: Env; attempts?: number } = {},
) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({
      id: `m-${i}`,
      timestamp: new Date(),
      attempts: options.attempts ?? 1,
      body,
    })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, options.bindings ?? env, ctx);
  return getQueueResult(batch, ctx);
}

/** A producer binding that records what is sent to it instead of enqueueing it. */
export function recordingQueue(): { queue: Queue; sent: unknown[] } {
  const sent: unknown[] = [];
  const fake = {
    async send(body: unknown) {
      sent.push(body);
    },
    async sendBatch(requests: Iterable<MessageSendRequest>) {
      for (const r of requests) sent.push(r.body);
    },
  };
  // Only send and sendBatch are used by the code under test; metrics() is not.
  return { queue: fake as unknown as Queue, sent };
}

/** A producer binding whose sends always fail, like a queue that is down. */
export function failingQueue(reason = "queue unavailable"): Queue {
  const fail = () => Promise.reject(new Error(reason));
  // Only send and sendBatch are used by the code under test.
  return { send: fail, sendBatch: fail } as unknown as Queue;
}

/**
 * A producer binding whose sends wait until `release()`: the moment between a commit and
 * its messages leaving, which a crash can cut short. `sending` resolves at the first send.
 */
export function heldQueue(): { queue: Queue; sending: Promise<void>; release: () => void } {
  let started: () => void = () => {};
  let release: () => void = () => {};
  const sending = new Promise<void>((resolve) => {
    started = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const hold = async () => {
    started();
    await released;
  };
  // Only send and sendBatch are used by the code under test.
  return { queue: { send: hold, sendBatch: hold } as unknown as Queue, sending, release };
}
