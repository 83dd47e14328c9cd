import { describe, expect, it } from "vitest";
import { TokenBuckets } from "./token-bucket";

function clock(start = 0) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe("token buckets", () => {
  it("allows a burst, then refuses with the whole seconds until the next token", () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 0.5, burst: 3 }, time.now);
    expect([1, 2, 3].map(() => buckets.take("a").ok)).toEqual([true, true, true]);
    expect(buckets.take("a")).toEqual({ ok: false, retryAfterSeconds: 2 });
  });

  it("refills at the rate, never above the burst", () => {
    const time = clock();
    const buckets = new TokenBuckets({ ratePerSecond: 2, burst: 2 }, time.now);
    buckets.take("a");
    buckets.take("a");
    time.advance(500);
    expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a").ok).toBe(false);
    time.advance(60_000);
    expect(buckets.take("a")).toEqual({ ok: true, remaining: 1 });
  });

  it("keeps one bucket per key", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1 }, clock().now);
    expect(buckets.take("a").ok).toBe(true);
    expect(buckets.take("a").ok).toBe(false);
    expect(buckets.take("b").ok).toBe(true);
  });

  it("forgets the least recently used key when full, so memory stays bounded", () => {
    const buckets = new TokenBuckets({ ratePerSecond: 1, burst: 1, maxKeys: 2 }, clock().now);
    buckets.take("a");
    buckets.take("b");
    buckets.take("a");
    buckets.take("c");
    // "b" was least recently used and went; "a" is still there, and still empty.
    expect(buckets.take("a").ok).toBe(false);
    expect(buckets.take("b").ok).toBe(true);
  });
});
