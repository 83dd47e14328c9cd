import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Strategy } from "../../../../agents/tenant/strategy";
import type { Research } from "../../api/schemas";
import { StrategyPreview } from "./strategy-preview";

const research: Research = {
  results: [
    {
      research_id: "r1",
      keyword: "budget apps",
      difficulty: 22,
      volume: 900,
      intent: "info",
      correlation_id: "c",
      received_at: "2026-11-22T10:00:00Z",
    },
    {
      research_id: "r2",
      keyword: "crypto tax",
      difficulty: 54,
      volume: 5000,
      intent: "info",
      correlation_id: "c",
      received_at: "2026-11-22T10:00:00Z",
    },
    {
      research_id: "r3",
      keyword: "old keyword",
      difficulty: 1,
      volume: 99999,
      intent: "info",
      correlation_id: "c",
      received_at: "2026-11-22T10:00:00Z",
    },
  ],
  keyword_use: {},
};

describe("the strategy preview", () => {
  it("runs the agent's own picking over the research of the seed keywords, with its reasons", () => {
    const strategy = Strategy.parse({
      seed_keywords: ["budget apps", "crypto tax", "new idea"],
      max_difficulty: 40,
    });
    const html = renderToStaticMarkup(<StrategyPreview research={research} strategy={strategy} />);
    expect(html).toContain("Would keep 1 of 2 researched keywords");
    expect(html).toMatch(
      /data-verdict="kept".*kept &#x27;budget apps&#x27;: difficulty 22 &lt; 40/,
    );
    expect(html).toContain("dropped &#x27;crypto tax&#x27;: difficulty 54 ≥ 40");
    expect(html).toMatch(/data-verdict="not researched".*&#x27;new idea&#x27;: not researched yet/);
    // Research of a keyword that is no longer a seed is not asked for again: left out.
    expect(html).not.toContain("old keyword");
  });

  it("follows the strategy as it is edited: a higher limit keeps more", () => {
    const strategy = Strategy.parse({
      seed_keywords: ["budget apps", "crypto tax"],
      max_difficulty: 60,
    });
    const html = renderToStaticMarkup(<StrategyPreview research={research} strategy={strategy} />);
    expect(html).toContain("Would keep 2 of 2 researched keywords");
  });

  it("says so when there are no seed keywords to research", () => {
    const html = renderToStaticMarkup(
      <StrategyPreview research={research} strategy={Strategy.parse({})} />,
    );
    expect(html).toContain("No seed keywords");
  });
});
