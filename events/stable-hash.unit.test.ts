import { describe, expect, it } from "vitest";
import { stableFraction, stableHash } from ".";

describe("stableHash", () => {
  it("gives the same 16 hex digits for the same input", () => {
    expect(stableHash("budget apps")).toBe(stableHash("budget apps"));
    expect(stableHash("budget apps")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("gives different inputs and seeds different hashes", () => {
    const hashes = new Set(Array.from({ length: 10_000 }, (_, i) => stableHash(`k${i}`)));
    expect(hashes.size).toBe(10_000);
    expect(stableHash("a", 1)).not.toBe(stableHash("a", 2));
  });

  it("maps to a fraction in [0, 1)", () => {
    for (let i = 0; i < 1000; i++) {
      const f = stableFraction(`k${i}`);
      expect(f).toBeGreaterThanOrEqual(0);
      expect(f).toBeLessThan(1);
    }
  });
});
