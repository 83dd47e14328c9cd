import type { Message } from "../../events";
import { keywordKey } from "../../events/strategy";
import { addToCounter } from "../../platform/sqlite/counters";
import { readMeta, writeMeta } from "./meta";
import {
  type ContentItem,
  emptyModel,
  type KeywordUse,
  type PerformanceRecord,
  type Publication,
  performanceKey,
  type ResearchResult,
  type TenantModel,
} from "./model";
import { loadRefreshHistory } from "./refresh-store";
import { runLoad } from "./run-store";
import { currentStrategy } from "./strategy-store";

/** Run statuses that give the keyword back: the run ended without an article. */
const FAILED_RUN_STATUSES = ["errored", "terminated"];
const MAX_DUE_CHECKS = 100;

/**
 * Loads the slice of the model one message concerns: the strategy and the tenant's
 * single values, plus the rows it names. `research` holds what the research service
 * returned for the ids a `research.completed` names (read before the transaction).
 */
export function loadModel(
  sql: SqlStorage,
  tenantId: string,
  message: Message,
  research: Readonly<Record<string, ResearchResult | null>>,
  now: Date,
): TenantModel {
  const { version, strategy } = currentStrategy(sql);
  const model = emptyModel(tenantId, strategy, version);
  model.last_research_requested_at = readMeta(sql, "last_research_requested_at");
  model.last_research_completed_at = readMeta(sql, "last_research_completed_at");

  switch (message.type) {
    case "content.ready":
      loadContent(sql, model, [message.payload.content_id]);
      break;
    case "content.refresh":
      loadContent(sql, model, [message.payload.content_id]);
      model.runs = runLoad(sql, now);
      model.refreshes = loadRefreshHistory(
        sql,
        message.payload.content_id,
        model.content[message.payload.content_id]?.keyword ?? null,
        message.causation_id ?? null,
      );
      break;
    case "content.published":
      loadContent(sql, model, [message.payload.content_id]);
      loadPublications(sql, model, message.payload.urls);
      break;
    case "performance.report":
      loadPerformance(sql, model, message.payload.url, message.payload.period);
      break;
    case "cycle.requested":
      for (const row of sql
        .exec<Publication>(
          "SELECT * FROM publications WHERE check_due_at <= ? ORDER BY check_due_at, url LIMIT ?",
          now.toISOString(),
          MAX_DUE_CHECKS,
        )
        .toArray()) {
        model.publications[row.url] = row;
      }
      break;
    case "research.completed": {
      for (const id of message.payload.research_ids) model.research[id] = research[id] ?? null;
      const keys = Object.values(model.research).flatMap((r) => (r ? [keywordKey(r.keyword)] : []));
      model.keyword_use = keywordUse(sql, keys);
      model.runs = runLoad(sql, now);
      break;
    }
    default:
      break;
  }
  return model;
}

/** Writes what changed between two models of the same slice. */
export function saveModel(sql: SqlStorage, before: TenantModel, after: TenantModel): void {
  if (after.last_research_requested_at !== before.last_research_requested_at)
    writeMeta(sql, "last_research_requested_at", after.last_research_requested_at);
  if (after.last_research_completed_at !== before.last_research_completed_at)
    writeMeta(sql, "last_research_completed_at", after.last_research_completed_at);
  for (const item of changed(before.content, after.content)) {
    saveContent(sql, item);
    if (item.published_at !== null && !before.content[item.content_id]?.published_at)
      addToCounter(sql, "articles_published", 1);
  }
  for (const page of changed(before.publications, after.publications)) savePublication(sql, page);
  for (const record of changed(before.performance, after.performance)) savePerformance(sql, record);
}

/** Keeps the research results a decision used, beside the chain that asked for them. */
export function saveResearch(
  sql: SqlStorage,
  model: TenantModel,
  correlationId: string | null,
  receivedAt: string,
): void {
  for (const result of Object.values(model.research)) {
    if (!result) continue;
    sql.exec(
      `INSERT INTO research (research_id, keyword, difficulty, volume, intent, correlation_id, received_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (research_id) DO UPDATE SET difficulty = excluded.difficulty, volume = excluded.volume,
         intent = excluded.intent, correlation_id = excluded.correlation_id, received_at = excluded.received_at`,
      result.research_id,
      result.keyword,
      result.difficulty,
      result.volume,
      result.intent,
      correlationId,
      receivedAt,
    );
  }
}

function changed<T>(before: Record<string, T>, after: Record<string, T>): T[] {
  return Object.entries(after)
    .filter(([key, value]) => JSON.stringify(before[key]) !== JSON.stringify(value))
    .map(([, value]) => value);
}

type ContentRow = Omit<ContentItem, "urls"> & { urls: string };

function loadContent(sql: SqlStorage, model: TenantModel, ids: string[]): void {
  for (const id of ids) {
    const row = sql
      .exec<ContentRow>(
        "SELECT content_id, keyword, word_count, ready_at, ready_event_id, published_at, urls FROM content WHERE content_id = ?",
        id,
      )
      .toArray()[0];
    if (row) model.content[id] = { ...row, urls: JSON.parse(row.urls) as string[] };
  }
}

function saveContent(sql: SqlStorage, item: ContentItem): void {
  sql.exec(
    `INSERT INTO content (content_id, keyword, keyword_key, word_count, ready_at, ready_event_id, published_at, urls)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (content_id) DO UPDATE SET keyword = excluded.keyword, keyword_key = excluded.keyword_key,
       word_count = excluded.word_count, ready_at = excluded.ready_at,
       ready_event_id = excluded.ready_event_id,
       published_at = excluded.published_at, urls = excluded.urls`,
    item.content_id,
    item.keyword,
    item.keyword === null ? null : keywordKey(item.keyword),
    item.word_count,
    item.ready_at,
    item.ready_event_id,
    item.published_at,
    JSON.stringify(item.urls),
  );
}

function loadPublications(sql: SqlStorage, model: TenantModel, urls: string[]): void {
  for (const url of urls) {
    const row = sql.exec<Publication>("SELECT * FROM publications WHERE url = ?", url).toArray()[0];
    if (row) model.publications[url] = row;
  }
}

function savePublication(sql: SqlStorage, page: Publication): void {
  sql.exec(
    `INSERT INTO publications (url, content_id, published_at, check_due_at, last_check_requested_at)
     VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (url) DO UPDATE SET content_id = excluded.content_id, published_at = excluded.published_at,
       check_due_at = excluded.check_due_at, last_check_requested_at = excluded.last_check_requested_at`,
    page.url,
    page.content_id,
    page.published_at,
    page.check_due_at,
    page.last_check_requested_at,
  );
}

function loadPerformance(sql: SqlStorage, model: TenantModel, url: string, period: string): void {
  const row = sql
    .exec<PerformanceRecord>("SELECT * FROM performance WHERE url = ? AND period = ?", url, period)
    .toArray()[0];
  if (row) model.performance[performanceKey(url, period)] = row;
}

function savePerformance(sql: SqlStorage, record: PerformanceRecord): void {
  sql.exec(
    `INSERT INTO performance (url, period, impressions, clicks, position, reported_at, reported_event_id)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (url, period) DO UPDATE SET impressions = excluded.impressions, clicks = excluded.clicks,
       position = excluded.position, reported_at = excluded.reported_at,
       reported_event_id = excluded.reported_event_id`,
    record.url,
    record.period,
    record.impressions,
    record.clicks,
    record.position,
    record.reported_at,
    record.reported_event_id,
  );
}

/**
 * Which of these keywords are published already, or have an article written or being
 * written (a run that did not fail, or stored content awaiting its publishing).
 */
export function keywordUse(sql: SqlStorage, keys: string[]): Record<string, KeywordUse> {
  const use: Record<string, KeywordUse> = {};
  const unique = [...new Set(keys)];
  if (unique.length === 0) return use;
  const marks = unique.map(() => "?").join(",");
  for (const { keyword_key } of sql.exec<{ keyword_key: string }>(
    `SELECT DISTINCT keyword_key FROM runs WHERE keyword_key IN (${marks})
       AND status NOT IN (${FAILED_RUN_STATUSES.map(() => "?").join(",")})`,
    ...unique,
    ...FAILED_RUN_STATUSES,
  )) {
    use[keyword_key] = "in progress";
  }
  for (const row of sql.exec<{ keyword_key: string; published: number }>(
    `SELECT keyword_key, MAX(published_at IS NOT NULL) AS published FROM content
     WHERE keyword_key IN (${marks}) GROUP BY keyword_key`,
    ...unique,
  )) {
    use[row.keyword_key] = row.published ? "published" : "in progress";
  }
  return use;
}
