import type { PayloadOf } from "../../events";
import type { Strategy } from "../../events/strategy";

// The tenant's domain model as the pure `decide` and `evolve` functions see it. The
// tables hold the whole history; the shell loads only the slice a message concerns
// (the rows it names, the keywords it asks about), so a decision never reads more than
// it needs however long the tenant has been running.

/** An article, by content_id. Fields fill in as its events arrive, in any order. */
export type ContentItem = {
  content_id: string;
  keyword: string | null;
  word_count: number | null;
  ready_at: string | null;
  /** The event whose facts `ready_at` are: on equal times the greater event_id wins. */
  ready_event_id: string | null;
  published_at: string | null;
  urls: string[];
};

/** A published page, by URL, with when its performance is next due for a check. */
export type Publication = {
  url: string;
  content_id: string;
  published_at: string;
  check_due_at: string;
  last_check_requested_at: string | null;
};

export type Period = PayloadOf<"performance.report">["period"];

/** The latest performance report of one page over one period. */
export type PerformanceRecord = {
  url: string;
  period: Period;
  impressions: number;
  clicks: number;
  position: number;
  reported_at: string;
  /** The report's event: on equal times the greater event_id wins, whatever the order. */
  reported_event_id: string | null;
};

/** Keyword metrics as the research service reports them, read by research id. */
export type ResearchResult = {
  research_id: string;
  keyword: string;
  difficulty: number;
  volume: number;
  intent: string;
};

/** A researched keyword as the agent keeps it, with the chain that asked for it. */
export type ResearchRow = ResearchResult & { correlation_id: string | null; received_at: string };

/** Why a keyword cannot be picked again. */
export type KeywordUse = "published" | "in progress";

/** What the refresh rules are measured by; loaded for a `content.refresh` only. */
export type RefreshHistory = {
  /** When the latest refreshes were started (decided), newest first: the weekly budget. */
  recent: string[];
  /** When this article was last refreshed, or null. */
  article_last: string | null;
  /** The refresh run an earlier command about the same report started, or null. */
  for_report: string | null;
  /** Runs under way for the article's keyword (a first run or a rewrite). */
  runs_active: number;
};

export type TenantModel = {
  tenant_id: string;
  strategy: Strategy;
  strategy_version: number;
  last_research_requested_at: string | null;
  last_research_completed_at: string | null;
  /** The articles the message names. */
  content: Record<string, ContentItem>;
  /** The pages the message names, or (for a cycle) the pages due for a check. */
  publications: Record<string, Publication>;
  /** Keyed by `performanceKey(url, period)`. */
  performance: Record<string, PerformanceRecord>;
  /** Research the message refers to, read by id; null when the service does not know it. */
  research: Record<string, ResearchResult | null>;
  /** Keywords (by `keywordKey`) of that research that are already used. */
  keyword_use: Record<string, KeywordUse>;
  /** Runs under way now and started today (UTC): what the run budget is measured by. */
  runs: { active: number; started_today: number };
  refreshes: RefreshHistory;
};

export function performanceKey(url: string, period: string): string {
  return `${period} ${url}`;
}

/** A model with nothing loaded yet, for tests and for a tenant's first message. */
export function emptyModel(
  tenant_id: string,
  strategy: Strategy,
  strategy_version = 1,
): TenantModel {
  return {
    tenant_id,
    strategy,
    strategy_version,
    last_research_requested_at: null,
    last_research_completed_at: null,
    content: {},
    publications: {},
    performance: {},
    research: {},
    keyword_use: {},
    runs: { active: 0, started_today: 0 },
    refreshes: { recent: [], article_last: null, for_report: null, runs_active: 0 },
  };
}
