import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import worker from "../worker/index";
import { createTenant, eventually, researchCompleted } from "./support/api";

async function runBatch(queue: string, bodies: unknown[], bindings: Env = env) {
  const batch = createMessageBatch(
    queue,
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, bindings, ctx);
  return getQueueResult(batch, ctx);
}

describe("the events consumer", () => {
  it("acks every message it delivered, with one agent call per tenant", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const result = await runBatch("events", [
      researchCompleted(a),
      researchCompleted(b),
      researchCompleted(a),
    ]);
    expect(result.explicitAcks.sort()).toEqual(["m-0", "m-1", "m-2"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("dead-letters a message that cannot parse at once, with its reason, instead of retrying it", async () => {
    const poison = { event_id: crypto.randomUUID(), type: "research.completed", tenant_id: "x" };
    const result = await runBatch("events", [poison]);
    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(result.retryMessages).toEqual([]);
    const ops = env.OPS_AGENT.getByName("main");
    const letters = await eventually(
      () => ops.listDeadLetters(500),
      (list) => list.some((l) => l.event_id === poison.event_id),
    );
    const letter = letters.find((l) => l.event_id === poison.event_id);
    expect(letter?.queue).toBe("events");
    expect(letter?.reason).toMatch(/invalid message/);
  });

  it("retries only the message whose destination failed, with a backoff delay", async () => {
    const tenant = await createTenant();
    const command = researchCompleted(tenant, {
      type: "research.requested",
      payload: { keywords: ["budget apps"], priority: "normal" },
    });
    const fact = researchCompleted(tenant);
    const failingQueue = {
      sendBatch: () => Promise.reject(new Error("queue unavailable")),
    } as unknown as Queue;
    const result = await runBatch("events", [command, fact], {
      ...env,
      RESEARCH_COMMANDS_QUEUE: failingQueue,
    });
    expect(result.explicitAcks).toEqual(["m-1"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-0"]);
  });
});
