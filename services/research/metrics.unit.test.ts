import { describe, expect, it } from "vitest";
import { keywordMetrics, researchId, tenantOfResearchId } from "./metrics";

describe("keyword metrics", () => {
  it("gives the same keyword the same metrics every time, whatever its case and spacing", () => {
    expect(keywordMetrics("Budget  Apps")).toEqual(keywordMetrics("budget apps"));
  });

  it("keeps difficulty within 0–100 and volume at 10 or more", () => {
    for (let i = 0; i < 500; i++) {
      const { difficulty, volume } = keywordMetrics(`keyword number ${i}`);
      expect(difficulty).toBeGreaterThanOrEqual(0);
      expect(difficulty).toBeLessThanOrEqual(100);
      expect(volume).toBeGreaterThanOrEqual(10);
    }
  });

  it("reads the intent from words that carry it", () => {
    expect(keywordMetrics("buy trail shoes").intent).toBe("transactional");
    expect(keywordMetrics("best budget apps").intent).toBe("commercial");
    expect(keywordMetrics("how to budget").intent).toBe("informational");
  });

  it("spreads keywords over easy and hard ones", () => {
    const difficulties = Array.from(
      { length: 200 },
      (_, i) => keywordMetrics(`topic ${i}`).difficulty,
    );
    expect(difficulties.some((d) => d < 30)).toBe(true);
    expect(difficulties.some((d) => d > 60)).toBe(true);
  });
});

describe("research ids", () => {
  it("name the tenant and stay the same for the same keyword", () => {
    const id = researchId("acme-finance", "Budget Apps");
    expect(id).toBe(researchId("acme-finance", "budget apps"));
    expect(tenantOfResearchId(id)).toBe("acme-finance");
  });

  it("differ between tenants and keywords", () => {
    expect(researchId("a", "budget apps")).not.toBe(researchId("b", "budget apps"));
    expect(researchId("a", "budget apps")).not.toBe(researchId("a", "crypto tax"));
  });

  it("are not confused with other strings", () => {
    expect(tenantOfResearchId("r-1")).toBeUndefined();
    expect(tenantOfResearchId("r_UPPER_0123456789abcdef")).toBeUndefined();
  });
});
