import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { ResearchRow } from "../../../../agents/tenant/model";
import { decidePreview } from "../../../../agents/tenant/strategy-preview";
import { Strategy, type StrategyInput } from "../../../../events/strategy";
import { StrategyPreviewSchema } from "../../api/schemas";
import { StrategyPreview } from "./strategy-preview";

function row(keyword: string, difficulty: number, volume: number): ResearchRow {
  return {
    research_id: `r_${keyword.replace(/\W/g, "")}`,
    keyword,
    difficulty,
    volume,
    intent: "info",
    correlation_id: "c",
    received_at: "2026-11-22T10:00:00.000Z",
  };
}

const research = [
  row("budget apps", 22, 900),
  row("crypto tax", 54, 5000),
  row("old keyword", 1, 99999),
];

/**
 * What the route answers for this draft, with the strategy in force at v3: the agent's
 * own preview, read back through the dashboard's schema (so the two cannot drift).
 */
function previewOf(draft: StrategyInput, current: StrategyInput = {}) {
  const preview = decidePreview({
    tenant_id: "acme",
    current: { version: 3, strategy: Strategy.parse(current) },
    draft: Strategy.parse(draft),
    research,
    uses: [],
    runs: { active: 0, started_today: 0 },
    days: 7,
    now: new Date("2026-11-23T10:00:00.000Z"),
  });
  return StrategyPreviewSchema.parse(JSON.parse(JSON.stringify(preview)));
}

const render = (draft: StrategyInput, current?: StrategyInput) =>
  renderToStaticMarkup(<StrategyPreview preview={previewOf(draft, current)} />);

describe("the strategy preview", () => {
  it("shows what the agent keeps and drops for the seed keywords, with its reasons", () => {
    const html = render({ seed_keywords: ["budget apps", "crypto tax", "new idea"] });

    expect(html).toContain("Would keep 1 of 2 researched keywords");
    expect(html).toMatch(
      /data-verdict="kept".*kept &#x27;budget apps&#x27;: difficulty 22 &lt; 40/,
    );
    expect(html).toContain("dropped &#x27;crypto tax&#x27;: difficulty 54 ≥ 40");
    expect(html).toMatch(/data-verdict="not researched".*&#x27;new idea&#x27;: not researched yet/);
    // Research of a keyword that is a seed of neither strategy is not asked for again: left out.
    expect(html).not.toContain("old keyword");
  });

  it("lists what the draft decides otherwise than the version in force, now and over the past days", () => {
    const seeds = ["budget apps", "crypto tax"];
    const html = render({ seed_keywords: seeds, max_difficulty: 60 }, { seed_keywords: seeds });

    expect(html).toContain("Would keep 2 of 2 researched keywords");
    expect(html).toContain("Compared with v3, now");
    expect(html).toMatch(
      /data-testid="preview-change" data-verdict="kept".*kept &#x27;crypto tax&#x27;: difficulty 54 &lt; 60.*v3: dropped &#x27;crypto tax&#x27;: difficulty 54 ≥ 40/,
    );
    expect(html).toContain("Over the past 7 days");
    expect(html).toContain("3 researched keywords decided again: v3 keeps 1, this draft 2.");
    expect(html).toMatch(/data-testid="preview-past-change" data-verdict="kept".*v3: dropped\)/);
  });

  it("says so when the draft decides as the version in force does", () => {
    const html = render({ seed_keywords: ["budget apps"] }, { seed_keywords: ["budget apps"] });

    expect(html).toContain("Decides every researched keyword as v3 does.");
    expect(html).toContain("This draft would have decided all of it as v3 does.");
  });

  it("says so when there are no seed keywords to research", () => {
    const html = render({});

    expect(html).toContain("No seed keywords");
  });
});
