/** The name of the one OpsAgent instance. */
export const OPS_AGENT_NAME = "main";

/**
 * The OpsAgent's state: what the operator's dashboard needs to know live. Lists (the
 * tenants, dead letters, the event feed) are read over HTTP or RPC when their version or
 * count changes, so the state stays small however much there is.
 */
export type OpsState = {
  tenant_count: number;
  /** Bumped on every change to the tenant registry. */
  tenants_version: number;
  /** Bumped whenever a tenant's summary arrives (its counters changed). */
  summaries_version: number;
  /**
   * Bumped when consumer batches added to the metrics (`GET /api/metrics`, route hits),
   * at most about once a second however many batches arrive.
   */
  metrics_version: number;
  /** Bumped when alert events are made or deliveries settle (`GET /api/alerts`). */
  alerts_version: number;
  /** Dead letters waiting for an operator (`GET /api/dlq`). */
  dead_letters: number;
  /** The newest event-feed entry's sequence number; changes when the feed gets an entry. */
  feed_head: number;
  /** The newest lines of the tenants' activity, newest first; `GET /api/feed` has the last 200. */
  activity: ActivityItem[];
};

export const initialOpsState: OpsState = {
  tenant_count: 0,
  tenants_version: 0,
  summaries_version: 0,
  metrics_version: 0,
  alerts_version: 0,
  dead_letters: 0,
  feed_head: 0,
  activity: [],
};

/** Activity lines the state carries; the table keeps `ACTIVITY_LIMIT`. */
export const ACTIVITY_IN_STATE = 20;
/** The activity feed keeps this many lines; older ones are trimmed. */
export const ACTIVITY_LIMIT = 200;

/** A tenant as listed by the registry, with the latest summary its agent sent. */
export type TenantSummary = {
  id: string;
  name: string;
  created_at: string;
  /**
   * Active, paused or archived (ops/tenant-status.ts), since when, by whom and why. The
   * registry always answers them; a summary built by hand (a test) may leave them out.
   */
  status?: "active" | "paused" | "archived";
  status_since?: string | null;
  status_by?: string | null;
  status_reason?: string | null;
  summary: TenantCounters | null;
};

/**
 * A tenant's applied and duplicate totals as its agent answered the fan-out: the
 * consumers pass them on with their metrics, so plain event traffic costs the OpsAgent
 * no call per tenant. Totals only grow; the larger value is the newer.
 */
export type TenantTotals = {
  tenant_id: string;
  applied: number;
  duplicates: number;
  /** What the tenant's agent cost since the previous report (summed, unlike the totals). */
  usage?: TenantUsage;
};

/** The billable operations of one tenant's agent: its share of the meter. */
export type TenantUsage = {
  do_requests: number;
  sqlite_rows_read: number;
  sqlite_rows_written: number;
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
  /** What the tenant's agent has cost since it was registered (consumer-reported calls). */
  usage?: TenantUsage;
};

/** One line of the operator's activity feed, as a tenant reports it. */
export type ActivityEntry = {
  at: string;
  /** "cycle", "research", "refresh", "published", "run failed", … */
  kind: string;
  text: string;
  correlation_id: string | null;
};

/** An activity line as stored and listed. */
export type ActivityItem = ActivityEntry & { seq: number; tenant_id: string };
