import { stableFraction, stableHash } from "../../events";

/** What search intent a keyword most likely carries. */
export type Intent = "informational" | "commercial" | "transactional" | "navigational";

/** Keyword metrics as the reference research service computes them. */
export type KeywordMetrics = { difficulty: number; volume: number; intent: Intent };

const CUES: [RegExp, Intent][] = [
  [/\b(buy|price|prices|cheap|deal|deals|discount|coupon|order|for sale)\b/, "transactional"],
  [/\b(best|top|review|reviews|vs|versus|compare|comparison|alternatives?)\b/, "commercial"],
  [/\b(login|log in|sign in|website|official|near me)\b/, "navigational"],
  [/\b(how|what|why|when|guide|tips|ideas|learn|examples?|meaning)\b/, "informational"],
];

/** The natural key of a keyword: case and spacing do not make another keyword. */
export function normalizeKeyword(keyword: string): string {
  return keyword.trim().replace(/\s+/g, " ").toLowerCase();
}

/**
 * Deterministic stand-in metrics: the same keyword always gets the same numbers, so
 * runs repeat. Long-tail keywords (more words) come out easier and rarer, like real
 * search data; words such as "buy" or "best" set the intent, a hash the rest.
 */
export function keywordMetrics(keyword: string): KeywordMetrics {
  const key = normalizeKeyword(keyword);
  const words = key.split(" ").length;
  const cue = CUES.find(([pattern]) => pattern.test(key))?.[1];
  const intent: Intent = cue ?? pickIntent(stableFraction(key, 3));
  const commercialBoost = intent === "commercial" || intent === "transactional" ? 10 : 0;
  const difficulty = clamp(
    Math.round(8 + stableFraction(key, 1) * 80 - (words - 1) * 7 + commercialBoost),
    0,
    100,
  );
  const rawVolume = 10 ** (1.4 + stableFraction(key, 2) * 3.3 - (words - 1) * 0.3);
  const volume = Math.max(10, Math.round(rawVolume / 10) * 10);
  return { difficulty, volume, intent };
}

function pickIntent(f: number): Intent {
  if (f < 0.6) return "informational";
  if (f < 0.85) return "commercial";
  return "transactional";
}

function clamp(n: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, n));
}

const RESEARCH_ID = /^r_([a-z0-9][a-z0-9-]{0,62})_([0-9a-f]{16})$/;

/**
 * A research id names the tenant it belongs to and the keyword it is about:
 * `r_<tenant>_<hash of the keyword>`. The same keyword researched again for the same
 * tenant keeps its id; the tenant part tells the read API which shard holds it.
 */
export function researchId(tenantId: string, keyword: string): string {
  return `r_${tenantId}_${stableHash(normalizeKeyword(keyword))}`;
}

/** The tenant a research id belongs to, or undefined when it is not a research id. */
export function tenantOfResearchId(id: string): string | undefined {
  return RESEARCH_ID.exec(id)?.[1];
}
