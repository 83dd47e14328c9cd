import { keywordKey, type Strategy } from "../../events/strategy";
import { chunksOf, placeholders } from "../../platform/sqlite/chunks";
import type { ResearchRow } from "./model";
import { runLoad } from "./run-store";
import type { KeywordUseSpan, PreviewInput } from "./strategy-preview";
import { currentStrategy } from "./strategy-store";
import { DAY_MS } from "./timing";

/** Research rows read at most, newest first (a preview reads, it must stay cheap). */
const SCAN = 1000;
/** Run statuses that give the keyword back (as in `keywordUse`). */
const FAILED = ["errored", "terminated"];

/**
 * What `decidePreview` decides on, read from the agent's tables: the strategy in
 * force, the research of the window and of both strategies' seed keywords, when each of
 * those keywords was taken, and today's run load. Reads only; writes nothing.
 */
export function loadPreview(
  sql: SqlStorage,
  tenantId: string,
  draft: Strategy,
  days: number,
  now: Date,
): PreviewInput {
  const current = currentStrategy(sql);
  const seeds = new Set(
    [...draft.seed_keywords, ...current.strategy.seed_keywords].map(keywordKey),
  );
  const since = now.getTime() - days * DAY_MS;
  const research = sql
    .exec<ResearchRow>(
      `SELECT research_id, keyword, difficulty, volume, intent, correlation_id, received_at
       FROM research ORDER BY received_at DESC, research_id LIMIT ?`,
      SCAN,
    )
    .toArray()
    .filter((row) => Date.parse(row.received_at) >= since || seeds.has(keywordKey(row.keyword)));
  const keys = [...new Set(research.map((row) => keywordKey(row.keyword)))];
  return {
    tenant_id: tenantId,
    current,
    draft,
    research,
    uses: keywordUseSpans(sql, keys),
    runs: runLoad(sql, now),
    days,
    now,
  };
}

/** When each of these keywords was taken: by its runs, and by its articles (a replay's preview reads them too). */
export function keywordUseSpans(sql: SqlStorage, keys: readonly string[]): KeywordUseSpan[] {
  const spans: KeywordUseSpan[] = [];
  for (const chunk of chunksOf(keys)) {
    const marks = placeholders(chunk.length);
    for (const run of sql.exec<{
      keyword_key: string;
      status: string;
      requested_at: string;
      ended_at: string | null;
    }>(
      `SELECT keyword_key, status, requested_at, COALESCE(completed_at, updated_at) AS ended_at
       FROM runs WHERE keyword_key IN (${marks})`,
      ...chunk,
    )) {
      spans.push({
        keyword_key: run.keyword_key,
        use: "in progress",
        from: run.requested_at,
        until: FAILED.includes(run.status) ? run.ended_at : null,
      });
    }
    for (const item of sql.exec<{
      keyword_key: string;
      ready_at: string | null;
      published_at: string | null;
    }>(
      `SELECT keyword_key, ready_at, published_at FROM content WHERE keyword_key IN (${marks})`,
      ...chunk,
    )) {
      if (item.ready_at !== null)
        spans.push({
          keyword_key: item.keyword_key,
          use: "in progress",
          from: item.ready_at,
          until: item.published_at,
        });
      if (item.published_at !== null)
        spans.push({
          keyword_key: item.keyword_key,
          use: "published",
          from: item.published_at,
          until: null,
        });
    }
  }
  return spans;
}
