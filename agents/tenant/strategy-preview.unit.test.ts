import { describe, expect, it } from "vitest";
import { defaultStrategy, Strategy, type StrategyInput } from "../../events/strategy";
import type { ResearchRow } from "./model";
import { decidePreview, type KeywordUseSpan, type PreviewInput } from "./strategy-preview";
import { TENANT } from "./testing/given";
import { DAY_MS } from "./timing";

const NOW = new Date("2025-03-10T06:00:00.000Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS).toISOString();
const SEEDS = ["budget apps", "crypto tax"];

/** A research row the agent holds: received `days` ago in chain `chain`. */
function row(keyword: string, difficulty: number, volume: number, days = 1, chain = "c1") {
  return {
    research_id: `r_${keyword.replace(/\W/g, "")}`,
    keyword,
    difficulty,
    volume,
    intent: "informational",
    correlation_id: chain,
    received_at: daysAgo(days),
  } satisfies ResearchRow;
}

const BUDGET_APPS = row("budget apps", 22, 900);
const CRYPTO_TAX = row("crypto tax", 45, 5000);

/** Given the strategy in force, the research held and what is taken: the preview's input. */
function given(
  current: StrategyInput,
  research: ResearchRow[],
  extra: Partial<PreviewInput> = {},
): (draft: StrategyInput) => ReturnType<typeof decidePreview> {
  return (draft) =>
    decidePreview({
      tenant_id: TENANT,
      current: { version: 3, strategy: Strategy.parse(current) },
      draft: Strategy.parse(draft),
      research,
      uses: [],
      runs: { active: 0, started_today: 0 },
      days: 7,
      now: NOW,
      ...extra,
    });
}

describe("decidePreview: now", () => {
  it("names each keyword a lower max difficulty drops, with the agent's own reason", () => {
    // Given a strategy that keeps both researched keywords
    const preview = given({ seed_keywords: SEEDS, max_difficulty: 50 }, [BUDGET_APPS, CRYPTO_TAX]);

    // When a draft with a lower max difficulty is previewed
    const result = preview({ seed_keywords: SEEDS, max_difficulty: 30 });

    // Then it keeps the easy one and drops the hard one, saying why, and the change is listed
    expect(result.strategy_version_now).toBe(3);
    expect(result.draft.max_difficulty).toBe(30);
    expect(result.now.researched).toBe(2);
    expect(result.now.kept).toEqual([
      {
        keyword: "budget apps",
        research_id: "r_budgetapps",
        difficulty: 22,
        volume: 900,
        reasons: [
          "kept 'budget apps': difficulty 22 < 30, volume 900 > 100, ranked 1 of 1 by volume/difficulty (40.9)",
        ],
      },
    ]);
    expect(result.now.dropped).toEqual([
      {
        keyword: "crypto tax",
        research_id: "r_cryptotax",
        difficulty: 45,
        volume: 5000,
        reason: "dropped 'crypto tax': difficulty 45 ≥ 30",
      },
    ]);
    expect(result.differs).toEqual([
      {
        keyword: "crypto tax",
        current: "kept",
        draft: "dropped",
        reason: "dropped 'crypto tax': difficulty 45 ≥ 30",
        current_reason:
          "kept 'crypto tax': difficulty 45 < 50, volume 5000 > 100, ranked 1 of 2 by volume/difficulty (111.1)",
      },
    ]);
  });

  it("lists nothing as different when the draft decides as the strategy in force does", () => {
    const preview = given({ seed_keywords: SEEDS }, [BUDGET_APPS, CRYPTO_TAX]);

    const result = preview({ seed_keywords: SEEDS, template: "how-to" });

    expect(result.differs).toEqual([]);
    expect(result.over_past.changed).toEqual([]);
  });

  it("holds back what the run budget does not allow, as the agent's decision does", () => {
    // Given a keyword the strategy keeps, and three runs started today
    const preview = given({ seed_keywords: ["budget apps"] }, [BUDGET_APPS], {
      runs: { active: 0, started_today: 3 },
    });

    // When the draft allows three runs a day
    const result = preview({ seed_keywords: ["budget apps"], max_runs_per_day: 3 });

    // Then the keyword passes the picking but no run would start for it
    expect(result.now.kept).toEqual([]);
    expect(result.now.dropped[0]?.reason).toBe(
      "not started 'budget apps': the daily run budget (max_runs_per_day 3) is used up",
    );
    expect(result.differs.map((d) => [d.keyword, d.current, d.draft])).toEqual([
      ["budget apps", "kept", "dropped"],
    ]);
  });

  it("drops research of a keyword that is no longer a seed, and names seeds not researched yet", () => {
    const preview = given({ seed_keywords: SEEDS, max_difficulty: 50 }, [BUDGET_APPS, CRYPTO_TAX]);

    const result = preview({ seed_keywords: ["budget apps", "new idea"], max_difficulty: 50 });

    expect(result.now.researched).toBe(1);
    expect(result.now.kept.map((k) => k.keyword)).toEqual(["budget apps"]);
    expect(result.now.dropped).toEqual([
      expect.objectContaining({
        keyword: "crypto tax",
        reason: "dropped 'crypto tax': not a seed keyword, so no cycle researches it",
      }),
    ]);
    expect(result.now.not_researched).toEqual(["new idea"]);
    expect(result.differs.map((d) => d.keyword)).toEqual(["crypto tax"]);
  });

  it("judges the newest research of each keyword only", () => {
    const older = { ...row("budget apps", 80, 900, 3, "c0"), research_id: "r_old" };
    const preview = given({ seed_keywords: ["budget apps"] }, [BUDGET_APPS, older]);

    const result = preview({ seed_keywords: ["budget apps"] });

    expect(result.now.kept.map((k) => k.research_id)).toEqual(["r_budgetapps"]);
  });

  it("drops a keyword taken now under either strategy, so it is no difference", () => {
    // Given an article for 'crypto tax' being written since yesterday
    const writing: KeywordUseSpan = {
      keyword_key: "crypto tax",
      use: "in progress",
      from: daysAgo(0.5),
      until: null,
    };
    const preview = given({ seed_keywords: SEEDS, max_difficulty: 50 }, [BUDGET_APPS, CRYPTO_TAX], {
      uses: [writing],
    });

    const result = preview({ seed_keywords: SEEDS, max_difficulty: 30 });

    expect(result.now.dropped).toEqual([
      expect.objectContaining({
        keyword: "crypto tax",
        reason: "dropped 'crypto tax': an article for it is already written or being written",
      }),
    ]);
    expect(result.differs).toEqual([]);
  });

  it("gives a keyword back once its run failed", () => {
    const failed: KeywordUseSpan = {
      keyword_key: "budget apps",
      use: "in progress",
      from: daysAgo(2),
      until: daysAgo(1),
    };
    const preview = given({ seed_keywords: ["budget apps"] }, [BUDGET_APPS], { uses: [failed] });

    expect(preview({ seed_keywords: ["budget apps"] }).now.kept).toHaveLength(1);
  });
});

describe("decidePreview: over the past days", () => {
  it("replays the research of the window with each strategy and lists what the draft decides otherwise", () => {
    // Given research three days ago, and research ten days ago
    const research = [
      row("budget apps", 22, 900, 3, "c1"),
      row("crypto tax", 45, 5000, 3, "c1"),
      row("saving tips", 60, 800, 10, "c0"),
    ];
    const preview = given(
      { seed_keywords: [...SEEDS, "saving tips"], max_difficulty: 50 },
      research,
    );

    // When a draft with a lower max difficulty is previewed over the past seven days
    const result = preview({ seed_keywords: [...SEEDS, "saving tips"], max_difficulty: 30 });

    // Then only the window's research is replayed, and the keyword it drops is named
    expect(result.over_past).toEqual({
      days: 7,
      since: daysAgo(7),
      research_rows: 2,
      kept: { current: 2, draft: 1 },
      dropped: { current: 0, draft: 1 },
      changed: [
        {
          keyword: "crypto tax",
          current: "kept",
          draft: "dropped",
          reason: "dropped 'crypto tax': difficulty 45 ≥ 30",
          current_reason:
            "kept 'crypto tax': difficulty 45 < 50, volume 5000 > 100, ranked 1 of 2 by volume/difficulty (111.1)",
          researched_at: daysAgo(3),
          correlation_id: "c1",
        },
      ],
    });
  });

  it("takes more days when asked", () => {
    const research = [row("budget apps", 22, 900, 3, "c1"), row("saving tips", 60, 800, 10, "c0")];
    const preview = given({ seed_keywords: ["budget apps", "saving tips"] }, research, {
      days: 30,
    });

    const result = preview({ seed_keywords: ["budget apps", "saving tips"], max_difficulty: 70 });

    expect(result.over_past.research_rows).toBe(2);
    expect(result.over_past.changed).toEqual([
      expect.objectContaining({ keyword: "saving tips", current: "dropped", draft: "kept" }),
    ]);
  });

  it("judges past research by the keywords taken when it came, not by what its own runs took since", () => {
    // Given research three days ago whose decision started a run for 'crypto tax', published since
    const research = [row("budget apps", 22, 900, 3), row("crypto tax", 45, 5000, 3)];
    const uses: KeywordUseSpan[] = [
      { keyword_key: "crypto tax", use: "in progress", from: daysAgo(3), until: null },
      { keyword_key: "crypto tax", use: "published", from: daysAgo(2), until: null },
    ];
    const preview = given({ seed_keywords: SEEDS, max_difficulty: 50 }, research, { uses });

    // When a draft that would not have kept it is previewed
    const result = preview({ seed_keywords: SEEDS, max_difficulty: 30 });

    // Then now both strategies drop it as published, but over the past the draft would not have kept it
    expect(result.now.dropped[0]?.reason).toBe("dropped 'crypto tax': already published");
    expect(result.differs).toEqual([]);
    expect(result.over_past.changed.map((c) => [c.keyword, c.current, c.draft, c.reason])).toEqual([
      ["crypto tax", "kept", "dropped", "dropped 'crypto tax': difficulty 45 ≥ 30"],
    ]);
  });

  it("ranks each past result on its own, as its decision did", () => {
    // Given two results, one keyword each, and one article a cycle
    const research = [row("budget apps", 22, 900, 2, "c2"), row("crypto tax", 45, 5000, 4, "c1")];
    const strategy = { seed_keywords: SEEDS, max_difficulty: 50, max_articles_per_cycle: 1 };
    const preview = given(strategy, research);

    const result = preview(strategy);

    // Then each keyword was the first of its own result, so both were kept
    expect(result.over_past.kept).toEqual({ current: 2, draft: 2 });
    expect(result.over_past.dropped).toEqual({ current: 0, draft: 0 });
  });

  it("reports an empty window plainly", () => {
    const preview = given({}, []);

    const result = preview({});

    expect(result.draft).toEqual(defaultStrategy);
    expect(result.now).toEqual({ researched: 0, kept: [], dropped: [], not_researched: [] });
    expect(result.over_past).toMatchObject({
      research_rows: 0,
      kept: { current: 0, draft: 0 },
      changed: [],
    });
  });
});
