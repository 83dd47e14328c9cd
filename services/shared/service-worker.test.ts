import { createExecutionContext, createMessageBatch, getQueueResult } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import research from "../research/worker";
import social from "../social/worker";

/** A GET to the research service's own Worker, as its binding would send it. */
function getResearch(path: string) {
  return research.fetch?.(
    new Request(`http://research.internal${path}`) as Request<unknown, IncomingRequestCfProperties>,
    env,
    createExecutionContext(),
  );
}

describe("a reference service's own Worker", () => {
  it("given GET /health, when asked, then it names its service and the queue it consumes", async () => {
    const response = await getResearch("/health");
    expect(response?.status).toBe(200);
    expect(await response?.json()).toMatchObject({
      service: "research",
      queue: "research-commands",
    });
  });

  it("given a research id it does not know, when read, then 404 problem+json", async () => {
    const response = await getResearch("/services/research/nope");
    expect(response?.status).toBe(404);
    expect(response?.headers.get("content-type")).toContain("application/problem+json");
  });

  it("given a batch of a queue it does not consume, when delivered, then every message stays on the queue", async () => {
    const batch = createMessageBatch("research-commands", [
      { id: "m-0", timestamp: new Date(), attempts: 1, body: {} },
    ]);
    const ctx = createExecutionContext();
    await social.queue?.(batch, env, ctx);
    const result = await getQueueResult(batch, ctx);
    expect(result.retryBatch).toMatchObject({ retry: true });
    expect(result.explicitAcks).toEqual([]);
  });
});
