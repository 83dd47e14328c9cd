import { keywordKey, type Strategy } from "../../events/strategy";
import type { Reason } from "./decision";
import type { KeywordUse, ResearchResult } from "./model";

export type Picks = { picked: ResearchResult[]; reasons: Reason[] };

/**
 * Applies the strategy to researched keywords (DESIGN §6): keeps those with difficulty
 * below `max_difficulty` and volume above `min_volume` that are not already published
 * or being written, ranks them by volume / difficulty (highest first; a difficulty of 0
 * counts as 1), and takes `max_articles_per_cycle`. Every keyword gets a reason.
 */
export function pickKeywords(
  results: readonly ResearchResult[],
  strategy: Strategy,
  use: Readonly<Record<string, KeywordUse>>,
): Picks {
  const reasons: Reason[] = [];
  const candidates: { result: ResearchResult; score: number }[] = [];
  const seen = new Set<string>();
  for (const result of results) {
    const key = keywordKey(result.keyword);
    const q = `'${result.keyword}'`;
    if (seen.has(key)) {
      reasons.push(drop(result, `dropped ${q}: researched twice in this result`));
      continue;
    }
    seen.add(key);
    const used = use[key];
    if (used === "published") {
      reasons.push(drop(result, `dropped ${q}: already published`));
      continue;
    }
    if (used === "in progress") {
      reasons.push(
        drop(result, `dropped ${q}: an article for it is already written or being written`),
      );
      continue;
    }
    if (result.difficulty >= strategy.max_difficulty) {
      reasons.push(
        drop(result, `dropped ${q}: difficulty ${result.difficulty} ≥ ${strategy.max_difficulty}`),
      );
      continue;
    }
    if (result.volume <= strategy.min_volume) {
      reasons.push(drop(result, `dropped ${q}: volume ${result.volume} ≤ ${strategy.min_volume}`));
      continue;
    }
    candidates.push({ result, score: result.volume / Math.max(result.difficulty, 1) });
  }

  // Highest score first; equal scores by keyword, so the order never depends on input order.
  candidates.sort(
    (a, b) =>
      b.score - a.score || keywordKey(a.result.keyword).localeCompare(keywordKey(b.result.keyword)),
  );
  const limit = strategy.max_articles_per_cycle;
  const picked: ResearchResult[] = [];
  candidates.forEach(({ result, score }, index) => {
    const rank = `ranked ${index + 1} of ${candidates.length} by volume/difficulty (${round(score)})`;
    const q = `'${result.keyword}'`;
    if (index < limit) {
      picked.push(result);
      reasons.push({
        verdict: "kept",
        subject: result.keyword,
        text: `kept ${q}: difficulty ${result.difficulty} < ${strategy.max_difficulty}, volume ${result.volume} > ${strategy.min_volume}, ${rank}`,
      });
    } else {
      reasons.push(
        drop(
          result,
          `dropped ${q}: ${rank}, over the ${limit} article${limit === 1 ? "" : "s"} a cycle allows`,
        ),
      );
    }
  });
  return { picked, reasons };
}

function drop(result: ResearchResult, text: string): Reason {
  return { verdict: "dropped", subject: result.keyword, text };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
