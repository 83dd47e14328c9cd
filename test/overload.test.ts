import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage, type Message } from "../events";
import { api, createTenant, eventually } from "./support/api";
import { deliverBatch } from "./support/queues";

type Listed = { tenants: { id: string; summary: { applied: number } | null }[] };

/** A seeded sequence, so every run sends the same traffic. */
function prng(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}

function bundle(messages: Message[]) {
  return { switchboard_bundle: 1, messages };
}

describe("under overload", () => {
  it("applies every event exactly once across many tenants, redeliveries, retries and concurrent calls", async () => {
    // Given forty tenants and 800 unique events spread over them, with 10 % copies
    const tenants = await Promise.all(Array.from({ length: 40 }, () => createTenant()));
    const random = prng(7);
    const unique: Message[] = Array.from({ length: 800 }, (_, i) => {
      const tenant = tenants[Math.floor(random() * tenants.length)] as string;
      return createMessage(
        "social.posted",
        { content_id: `c-${i}`, post_ids: [`p-${i}`] },
        { tenant_id: tenant, source: "social" },
      );
    });
    const traffic = [...unique];
    for (let i = 0; i < 80; i++) {
      const copy = unique[Math.floor(random() * unique.length)] as Message;
      traffic.splice(Math.floor(random() * traffic.length), 0, copy);
    }
    const batches: Message[][] = [];
    for (let i = 0; i < traffic.length; i += 110) batches.push(traffic.slice(i, i + 110));

    // When the batches are delivered two at a time, each one twice at once (a redelivery
    // racing the first delivery into the same agents), and every third again as a retry
    for (let i = 0; i < batches.length; i += 2) {
      const pair = batches.slice(i, i + 2);
      const bodies = pair.map((b) => [bundle(b.slice(0, 55)), bundle(b.slice(55))]);
      const results = await Promise.all(
        bodies.flatMap((b) => [deliverBatch("events", b), deliverBatch("events", b)]),
      );
      for (const result of results) expect(result.retryMessages).toEqual([]);
      if (i % 3 === 0) await deliverBatch("events", bodies[0] ?? [], { attempts: 2 });
    }

    // Then each tenant applied exactly the unique events sent to it, once each in its log
    for (const tenant of tenants) {
      const mine = unique.filter((m) => m.tenant_id === tenant).map((m) => m.event_id);
      const agent = env.TENANT_AGENT.getByName(tenant);
      const state = await agent.getTenantState();
      expect(state.applied).toBe(mine.length);
      const logged = (await agent.listEvents({ limit: 1000 })).map((e) => e.event_id);
      expect(logged.sort()).toEqual([...mine].sort());
    }
    // And the operator's list shows the same totals
    const listed = await eventually(
      async () => (await (await api("/api/tenants")).json()) as Listed,
      (body) =>
        tenants.every(
          (t) =>
            body.tenants.find((x) => x.id === t)?.summary?.applied ===
            unique.filter((m) => m.tenant_id === t).length,
        ),
    );
    expect(listed.tenants.filter((t) => tenants.includes(t.id))).toHaveLength(40);
  });
});
