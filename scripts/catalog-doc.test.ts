import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { messageTypes } from "../events/index";
import {
  END_MARKER,
  README_PATH,
  renderCatalogTable,
  START_MARKER,
  updateReadme,
} from "./catalog-doc";

describe("catalog doc", () => {
  it("keeps the committed events/README.md table current (run npx tsx scripts/catalog-doc.ts)", () => {
    const readme = readFileSync(README_PATH, "utf8");
    expect(updateReadme(readme)).toBe(readme);
  });

  it("renders one row per catalog type", () => {
    const rows = renderCatalogTable().split("\n").slice(2);
    expect(rows.map((row) => row.split("`")[1])).toEqual(messageTypes);
  });

  it("marks optional fields and shows defaults", () => {
    expect(renderCatalogTable()).toContain('`priority?: "low" \\| "normal" \\| "high" = "normal"`');
    expect(renderCatalogTable()).toContain("`content_id?: string`");
  });

  it("replaces only the text between the markers", () => {
    const readme = `intro\n${START_MARKER}\nold table\n${END_MARKER}\noutro\n`;
    const updated = updateReadme(readme);
    expect(updated.startsWith(`intro\n${START_MARKER}\n\n| type `)).toBe(true);
    expect(updated.endsWith(`|\n\n${END_MARKER}\noutro\n`)).toBe(true);
    expect(updated).not.toContain("old table");
  });

  it("detects a stale table", () => {
    const readme = `${START_MARKER}\nold table\n${END_MARKER}\n`;
    expect(updateReadme(readme)).not.toBe(readme);
  });

  it("throws when a marker is missing", () => {
    expect(() => updateReadme("no markers here")).toThrow(/catalog:start/);
  });
});
