import { describe, expect, it } from "vitest";
import { checkBatchLimits, LIMITS, serializedBytes } from "./limits";

describe("serializedBytes", () => {
  it("counts UTF-8 bytes of the JSON text", () => {
    // {"a":"é🚀"}: 8 ASCII bytes + 2 for é + 4 for the rocket.
    expect(serializedBytes({ a: "é🚀" })).toBe(14);
  });

  it("counts undefined as zero bytes", () => {
    expect(serializedBytes(undefined)).toBe(0);
  });

  it("throws on a cycle, like JSON.stringify", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => serializedBytes(cyclic)).toThrow(TypeError);
  });
});

describe("checkBatchLimits", () => {
  const ofBytes = (n: number) => "x".repeat(n - 2); // JSON adds the two quotes

  it("accepts a full batch of messages at the size limit", () => {
    const items = Array.from({ length: LIMITS.maxBatchItems }, () => ({ a: 1 }));
    items[0] = { a: 1 };
    expect(checkBatchLimits(items)).toEqual({ ok: true });
    expect(checkBatchLimits([ofBytes(LIMITS.maxMessageBytes)])).toEqual({ ok: true });
  });

  it("rejects more than 100 items, saying how many", () => {
    const items = Array.from({ length: LIMITS.maxBatchItems + 1 }, () => ({}));
    expect(checkBatchLimits(items)).toEqual({
      ok: false,
      detail: expect.stringContaining("101 messages; the limit is 100"),
    });
  });

  it("names the index of a message over 128 KB", () => {
    const items = [{}, ofBytes(LIMITS.maxMessageBytes + 1)];
    expect(checkBatchLimits(items)).toEqual({
      ok: false,
      detail: expect.stringMatching(/message 1 is 131073 bytes.*at most 131072/),
    });
  });

  it("counts multi-byte characters as their UTF-8 size", () => {
    const item = "é".repeat(LIMITS.maxMessageBytes / 2);
    expect(checkBatchLimits([item]).ok).toBe(false);
  });

  it("lists at most ten oversized messages", () => {
    const big = ofBytes(LIMITS.maxMessageBytes + 1);
    const result = checkBatchLimits(Array.from({ length: 12 }, () => big));
    expect(result.ok ? "" : result.detail).toMatch(/message 9 is .*; and 2 more/);
  });

  it("reports an item JSON cannot hold instead of throwing", () => {
    expect(checkBatchLimits([{ n: 1n }])).toEqual({
      ok: false,
      detail: expect.stringContaining("message 0 cannot be serialized"),
    });
  });
});
