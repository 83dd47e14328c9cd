/** The name of the one OpsAgent instance. */
export const OPS_AGENT_NAME = "main";

/**
 * The OpsAgent's state: what the operator's dashboard needs to know live. The tenant
 * list itself is read over HTTP (`GET /api/tenants`) when `tenants_version` changes,
 * so the state stays small however many tenants there are.
 */
export type OpsState = {
  tenant_count: number;
  /** Bumped on every change to the tenant registry. */
  tenants_version: number;
  /** Bumped whenever a tenant's summary arrives (its counters changed). */
  summaries_version: number;
  /** The newest items of the live feed, newest first; `GET /api/feed` has the last 200. */
  feed: FeedItem[];
};

export const initialOpsState: OpsState = {
  tenant_count: 0,
  tenants_version: 0,
  summaries_version: 0,
  feed: [],
};

/** Feed items the state carries; the table keeps `FEED_LIMIT`. */
export const FEED_IN_STATE = 20;
/** The live feed keeps this many items; older ones are trimmed. */
export const FEED_LIMIT = 200;

/** A tenant as listed by the registry, with the latest summary its agent sent. */
export type TenantSummary = {
  id: string;
  name: string;
  created_at: string;
  summary: TenantCounters | null;
};

/** What a tenant's agent reports about itself, coalesced (at most one call a second). */
export type TenantCounters = {
  applied: number;
  duplicates: number;
  cycles: number;
  decisions: number;
  runs_started: number;
  runs_active: number;
  runs_completed: number;
  runs_failed: number;
  articles_published: number;
  strategy_version: number;
  last_cycle_at: string | null;
  last_error: string | null;
  /** When the agent built this summary. */
  updated_at: string;
};

/** One line of the operator's live feed, as a tenant reports it. */
export type FeedEntry = {
  at: string;
  /** "cycle", "research", "refresh", "published", "run failed", … */
  kind: string;
  text: string;
  correlation_id: string | null;
};

/** A feed line as stored and listed. */
export type FeedItem = FeedEntry & { seq: number; tenant_id: string };
