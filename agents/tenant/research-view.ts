import { keywordKey } from "../../events/strategy";
import type { KeywordUse, ResearchRow } from "./model";
import { keywordUse } from "./model-store";

export type { ResearchRow } from "./model";

/** What `GET /api/tenants/:id/research` returns: the newest research per keyword and its use. */
export type ResearchView = {
  results: ResearchRow[];
  /** By `keywordKey`: keywords already published or being written (a decision drops them). */
  keyword_use: Record<string, KeywordUse>;
};

/** Rows read to find the newest research of up to `limit` keywords. */
const SCAN = 500;

/**
 * The tenant's newest research for each keyword (at most `limit` keywords, newest
 * first) and which of them are already used: exactly what `pickKeywords` needs to show
 * what a strategy would pick right now.
 */
export function readResearch(sql: SqlStorage, limit: number): ResearchView {
  const rows = sql
    .exec<ResearchRow>(
      `SELECT research_id, keyword, difficulty, volume, intent, correlation_id, received_at
       FROM research ORDER BY received_at DESC, research_id LIMIT ?`,
      SCAN,
    )
    .toArray();
  const seen = new Set<string>();
  const results: ResearchRow[] = [];
  for (const row of rows) {
    const key = keywordKey(row.keyword);
    if (seen.has(key)) continue;
    seen.add(key);
    results.push(row);
    if (results.length === limit) break;
  }
  return { results, keyword_use: keywordUse(sql, [...seen]) };
}
