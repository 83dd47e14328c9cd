/** Small text helpers shared by the writers and the editorial step. */

const SMALL_WORDS = new Set([
  "a",
  "an",
  "and",
  "as",
  "at",
  "for",
  "in",
  "of",
  "on",
  "or",
  "the",
  "to",
  "vs",
  "with",
]);

/** "best budget apps" → "Best Budget Apps" (small words stay lowercase inside). */
export function titleCase(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word, i) =>
      i > 0 && SMALL_WORDS.has(word.toLowerCase())
        ? word.toLowerCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(" ");
}

/** Upper-cases the first letter of a sentence. */
export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Words of prose in markdown: markup, list markers and link targets do not count. */
export function countWords(markdown: string): number {
  const prose = markdown
    .replace(/\]\([^)]*\)/g, "]")
    .replace(/^\s{0,3}(#{1,6}|[-*+]|\d+\.)\s+/gm, "")
    .replace(/[*_`>#[\]]/g, " ");
  return prose.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
}

/** A URL path segment for a title or keyword: "Best Budget Apps (2025)!" → "best-budget-apps-2025". */
export function slugify(text: string): string {
  const slug = text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/g, "");
  return slug || "article";
}

/** "12500" → "12,500", the way a reader expects a figure in prose. */
export function formatCount(n: number): string {
  return Math.round(n)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const LEADING_VERB: [RegExp, (rest: string) => string][] = [
  [/^how to (.+)$/i, (rest) => `learning how to ${rest}`],
  [/^buy(?:ing)? (.+)$/i, (rest) => `buying ${rest}`],
  [/^(?:best|top) (.+)$/i, (rest) => `the best ${rest}`],
];

/**
 * The keyword as the subject of a sentence: a search term like "buy hiking boots" or
 * "how to layer for hiking" reads as "buying hiking boots", "learning how to layer for
 * hiking" in prose. Anything else stays as it is.
 */
export function subjectOf(keyword: string): string {
  const trimmed = keyword.trim().replace(/\s+/g, " ");
  for (const [pattern, phrase] of LEADING_VERB) {
    const match = pattern.exec(trimmed);
    if (match?.[1]) return phrase(match[1]);
  }
  return trimmed;
}
