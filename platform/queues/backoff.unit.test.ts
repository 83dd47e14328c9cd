import { describe, expect, it } from "vitest";
import { classifyError, PermanentError, RateLimitedError } from "../../events";
import { CONSUMED_QUEUES, MAX_RETRIES } from "../../events/queue-names";
import wranglerConfig from "../../wrangler.local.jsonc?raw";
import { MAX_DELAY_SECONDS, retryDelaySeconds, retryPlan } from "./backoff";

describe("retry backoff", () => {
  it("doubles the delay with each attempt", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([2, 4, 8, 16]);
  });

  it("never waits longer than five minutes", () => {
    expect(retryDelaySeconds(30)).toBe(300);
  });
});

describe("retry classification", () => {
  const plan = (error: unknown, attempts = 1) => retryPlan(classifyError(error), attempts);

  it("dead-letters a permanent failure at once, whatever the attempt", () => {
    expect(plan(new PermanentError("no such article"), 1)).toEqual({ action: "dead-letter" });
  });

  it("backs off exponentially on a transient failure", () => {
    expect(plan(new Error("timeout"), 1)).toEqual({ action: "retry", delaySeconds: 2 });
    expect(plan(new Error("timeout"), 3)).toEqual({ action: "retry", delaySeconds: 8 });
  });

  it("treats anything thrown that is not one of ours as transient", () => {
    expect(plan("a string", 2)).toEqual({ action: "retry", delaySeconds: 4 });
    expect(plan(new TypeError("fetch failed"), 1)).toEqual({ action: "retry", delaySeconds: 2 });
  });

  it("waits at least as long as a rate-limited destination asks, and longer than a transient retry", () => {
    expect(plan(new RateLimitedError("slow down", 120), 1)).toEqual({
      action: "retry",
      delaySeconds: 120,
    });
    const short = plan(new RateLimitedError("slow down", 1), 1);
    const transient = plan(new Error("x"), 1);
    if (short.action !== "retry" || transient.action !== "retry")
      throw new Error("expected retries");
    expect(short.delaySeconds).toBeGreaterThan(transient.delaySeconds);
  });

  it("never asks the queue for more than its 12-hour maximum delay", () => {
    expect(plan(new RateLimitedError("come back tomorrow", 86_400), 1)).toEqual({
      action: "retry",
      delaySeconds: MAX_DELAY_SECONDS,
    });
  });
});

describe("the last delivery", () => {
  it("dead-letters a failure that has used up the queue's retries, with the failure as the reason", () => {
    expect(retryPlan(classifyError(new Error("agent unavailable")), 6, 5)).toEqual({
      action: "dead-letter",
      reason: "retries exhausted after 6 attempts: agent unavailable",
    });
    expect(retryPlan(classifyError(new RateLimitedError("429", 60)), 6, 5)).toMatchObject({
      action: "dead-letter",
    });
    expect(retryPlan(classifyError(new Error("x")), 5, 5)).toEqual({
      action: "retry",
      delaySeconds: 32,
    });
  });

  it("knows the max_retries every consumed queue has in the Workers' configs", () => {
    // Whole-line comments only in that file, so dropping them leaves plain JSON.
    const text = wranglerConfig
      .split("\n")
      .filter((line) => !line.trim().startsWith("//"))
      .join("\n");
    const config = JSON.parse(text) as {
      queues: { consumers: { queue: string; max_retries?: number }[] };
    };
    for (const queue of CONSUMED_QUEUES) {
      const consumer = config.queues.consumers.find((c) => c.queue === queue);
      expect(consumer?.max_retries, queue).toBe(MAX_RETRIES);
    }
  });
});
