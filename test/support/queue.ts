import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import worker from "../../worker/local";

/** Runs one batch through the Worker's queue() handler, as the queue would deliver it. */
export async function runBatch(queue: string, bodies: unknown[], attempts = 1) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** The types of every message a Durable Object has put in its outbox, oldest first. */
export function outboxTypes(stub: DurableObjectStub): Promise<string[]> {
  return runInDurableObject(stub, (_object, state) =>
    state.storage.sql
      .exec<{ type: string }>("SELECT type FROM outbox ORDER BY seq")
      .toArray()
      .map((row) => row.type),
  );
}
