import { describe, expect, it } from "vitest";
import { composePost, titleFromUrl } from "./compose";

describe("composing an announcement", () => {
  it("names the article after its address and links to it", () => {
    const url = "http://127.0.0.1:8787/sites/acme/best-budget-apps";
    expect(titleFromUrl(url)).toBe("Best budget apps");
    expect(composePost("mastodon", url)).toBe(`New: Best budget apps → ${url}`);
    expect(composePost("linkedin", url)).toContain(url);
  });

  it("stays within 500 characters however long the address", () => {
    const url = `https://brand.example/sites/acme/${"very-long-".repeat(80)}end`;
    expect(composePost("linkedin", url).length).toBeLessThanOrEqual(500);
  });
});
