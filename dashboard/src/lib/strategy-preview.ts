/**
 * What a strategy would pick right now: the agent's own `pickKeywords` (pure, from
 * agents/tenant/pick-keywords.ts) run in the browser over the research the tenant
 * already has, restricted to the strategy's seed keywords, since a cycle asks the
 * research service about those and no others.
 */
import { pickKeywords } from "../../../agents/tenant/pick-keywords";
import { keywordKey, type Strategy } from "../../../agents/tenant/strategy";
import type { Research } from "../api/schemas";

export type PreviewLine = {
  keyword: string;
  verdict: "kept" | "dropped" | "not researched";
  text: string;
};

export type Preview = {
  /** Seed keywords with research to judge. */
  researched: number;
  kept: number;
  lines: PreviewLine[];
};

export function previewPicks(research: Research, strategy: Strategy): Preview {
  const seeds = new Map(strategy.seed_keywords.map((k) => [keywordKey(k), k]));
  const results = research.results
    .filter((r) => seeds.has(keywordKey(r.keyword)))
    .map(({ research_id, keyword, difficulty, volume, intent }) => ({
      research_id,
      keyword,
      difficulty,
      volume,
      intent,
    }));
  const { picked, reasons } = pickKeywords(results, strategy, research.keyword_use);
  const judged = reasons.map(
    (r): PreviewLine => ({
      keyword: r.subject,
      verdict: r.verdict === "kept" ? "kept" : "dropped",
      text: r.text,
    }),
  );
  const researchedKeys = new Set(results.map((r) => keywordKey(r.keyword)));
  const unresearched = [...seeds]
    .filter(([key]) => !researchedKeys.has(key))
    .map(
      ([, keyword]): PreviewLine => ({
        keyword,
        verdict: "not researched",
        text: `'${keyword}': not researched yet; the next research request asks about it`,
      }),
    );
  const order = { kept: 0, dropped: 1, "not researched": 2 } as const;
  const lines = [...judged, ...unresearched].sort((a, b) => order[a.verdict] - order[b.verdict]);
  return { researched: results.length, kept: picked.length, lines };
}
