import { describe, expect, it } from "vitest";
import { retryDelaySeconds } from "./backoff";

describe("retry backoff", () => {
  it("doubles the delay with each attempt", () => {
    expect([1, 2, 3, 4].map(retryDelaySeconds)).toEqual([2, 4, 8, 16]);
  });

  it("never waits longer than five minutes", () => {
    expect(retryDelaySeconds(30)).toBe(300);
  });
});
