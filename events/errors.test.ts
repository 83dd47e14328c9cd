import { describe, expect, it } from "vitest";
import { classifyError, describeError, PermanentError, RateLimitedError } from "./errors";

describe("classifyError", () => {
  it("names a PermanentError permanent, with its message as the reason", () => {
    expect(classifyError(new PermanentError("unknown tenant acme"))).toEqual({
      kind: "permanent",
      reason: "unknown tenant acme",
    });
  });

  it("keeps a RateLimitedError's wait, never negative", () => {
    expect(classifyError(new RateLimitedError("429", 30))).toMatchObject({
      kind: "rate-limited",
      retryAfterSeconds: 30,
    });
    expect(classifyError(new RateLimitedError("429", -5))).toMatchObject({ retryAfterSeconds: 0 });
    expect(classifyError(new RateLimitedError("429", Number.NaN))).toMatchObject({
      retryAfterSeconds: 0,
    });
  });

  it("names everything else transient", () => {
    expect(classifyError(new Error("boom")).kind).toBe("transient");
    expect(classifyError(undefined).kind).toBe("transient");
  });

  it("describes a failure on one bounded line", () => {
    expect(describeError(new Error("a\n  b"))).toBe("a b");
    expect(describeError("x".repeat(600))).toHaveLength(500);
  });
});
