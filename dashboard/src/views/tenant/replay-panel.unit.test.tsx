import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { describeOutline, describeReplayPreview, ReplayPanel } from "./replay-panel";

describe("the Replay panel", () => {
  it("says in one line what a replay would skip, apply and decide otherwise", () => {
    expect(describeReplayPreview({ totals: { selected: 5, skip: 4, apply: 1, differs: 1 } })).toBe(
      "Preview: 5 events · 4 skipped as duplicates · 1 applied again · 1 decision would differ. Nothing was sent.",
    );
    expect(describeReplayPreview({ totals: { selected: 0, skip: 0, apply: 0, differs: 0 } })).toBe(
      "No logged event matches: nothing to replay.",
    );
  });

  it("puts a decision in a few words, and says when none was recorded", () => {
    const kept = { kind: "research", summary: "", kept: ["solar panels"], emits: [] };
    expect(describeOutline(kept)).toBe("research: keeps solar panels; sends nothing");
    expect(describeOutline({ ...kept, kind: "cycle", emits: ["research.requested"] })).toBe(
      "cycle: sends research.requested",
    );
    expect(describeOutline(null)).toBe("none recorded");
  });

  it("offers the filters and a preview before anything can be replayed", () => {
    const html = renderToStaticMarkup(<ReplayPanel tenantId="acme" />);
    expect(html).toContain('data-testid="replay-correlation"');
    expect(html).toContain('data-testid="replay-type"');
    expect(html).toContain('data-testid="replay-preview"');
    expect(html).not.toContain('data-testid="replay-send"');
  });
});
