import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createTenant, eventually, researchCompleted } from "./support/api";
import { deliverBatch, failingQueue } from "./support/queues";

describe("the events consumer", () => {
  it("acks every message it delivered, with one agent call per tenant", async () => {
    const a = await createTenant();
    const b = await createTenant();
    const result = await deliverBatch("events", [
      researchCompleted(a),
      researchCompleted(b),
      researchCompleted(a),
    ]);
    expect(result.explicitAcks.sort()).toEqual(["m-0", "m-1", "m-2"]);
    expect(result.retryMessages).toEqual([]);
  });

  it("dead-letters a message that cannot parse at once, with its reason, instead of retrying it", async () => {
    const poison = { event_id: crypto.randomUUID(), type: "research.completed", tenant_id: "x" };
    const result = await deliverBatch("events", [poison]);
    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(result.retryMessages).toEqual([]);
    const ops = env.OPS_AGENT.getByName("main");
    const letters = await eventually(
      () => ops.listDeadLetters({ limit: 500 }),
      (list) => list.some((l) => l.event_id === poison.event_id),
    );
    const letter = letters.find((l) => l.event_id === poison.event_id);
    expect(letter?.queue).toBe("events");
    expect(letter?.reason).toMatch(/invalid message/);
  });

  it("retries only the message whose destination failed", async () => {
    const tenant = await createTenant();
    const command = researchCompleted(tenant, {
      type: "research.requested",
      payload: { keywords: ["budget apps"], priority: "normal" },
    });
    const fact = researchCompleted(tenant);
    const result = await deliverBatch("events", [command, fact], {
      bindings: { ...env, RESEARCH_COMMANDS_QUEUE: failingQueue() },
    });
    expect(result.explicitAcks).toEqual(["m-1"]);
    expect(result.retryMessages.map((m) => m.msgId)).toEqual(["m-0"]);
  });
});
