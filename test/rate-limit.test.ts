import { describe, expect, it } from "vitest";
import { postJson } from "./support/api";
import { bearer, mintToken } from "./support/auth";

// vitest.config.ts gives the test Worker a burst of 5 and a refill of 1 per second.
const BURST = 5;

describe("the ingest rate limit", () => {
  it("answers 429 with Retry-After once a token has used its burst, and spares other tokens", async () => {
    // Given one service token sending cheap requests (an empty batch is a 400 after the limit)
    const token = await mintToken({ role: "service", subject: "busy-service" });
    const statuses: number[] = [];
    let limited: Response | undefined;
    // When it sends more than its burst as fast as it can
    for (let attempt = 0; attempt < 50 && !limited; attempt++) {
      const response = await postJson("/api/events", [], bearer(token));
      statuses.push(response.status);
      if (response.status === 429) limited = response;
    }

    // Then the burst passed the limiter, and the next request was refused with a hint
    expect(statuses.slice(0, BURST)).toEqual(Array(BURST).fill(400));
    expect(limited?.status).toBe(429);
    expect(limited?.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);

    // And a token with another subject is not held back
    const other = await mintToken({ role: "service", subject: "quiet-service" });
    expect((await postJson("/api/events", [], bearer(other))).status).toBe(400);
  });

  it("counts only ingest: reads with the same token are not limited", async () => {
    const token = await mintToken({ role: "operator", subject: "reader" });
    for (let i = 0; i < BURST * 2; i++) {
      const response = await postJson("/api/tenants", {}, bearer(token));
      expect(response.status).toBe(422);
    }
  });
});
