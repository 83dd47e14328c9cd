import { describe, expect, it } from "vitest";
import { performanceFigures } from "./figures";

const urls = Array.from({ length: 40 }, (_, i) => `https://brand.example/sites/acme/article-${i}`);

describe("performance figures", () => {
  it("are the same every time the same page and period are asked for", async () => {
    const url = urls[0] ?? "";
    expect(await performanceFigures(url, "28d")).toEqual(await performanceFigures(url, "28d"));
  });

  it("differ from page to page", async () => {
    const figures = await Promise.all(urls.map((url) => performanceFigures(url, "28d")));
    expect(new Set(figures.map((f) => f.impressions)).size).toBeGreaterThan(30);
  });

  it("stay plausible: clicks never exceed impressions, positions between 1 and 45", async () => {
    for (const url of urls) {
      for (const period of ["7d", "28d", "90d"] as const) {
        const f = await performanceFigures(url, period);
        expect(f.clicks).toBeLessThanOrEqual(f.impressions);
        expect(f.clicks).toBeGreaterThanOrEqual(0);
        expect(f.position).toBeGreaterThanOrEqual(1);
        expect(f.position).toBeLessThanOrEqual(45);
      }
    }
  });

  it("count more impressions over a longer period for the same page", async () => {
    for (const url of urls) {
      const week = await performanceFigures(url, "7d");
      const quarter = await performanceFigures(url, "90d");
      expect(quarter.impressions).toBeGreaterThan(week.impressions);
      expect(quarter.position).toBe(week.position);
    }
  });
});
