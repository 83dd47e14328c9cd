import { z } from "zod";
import { BudgetStatus } from "./budgets";
import { count, maybeCount, maybeText, text } from "./fields";

/** The billable operations of one tenant's agent: its share of the meter. */
export const TenantUsage = z.looseObject({
  do_requests: count,
  sqlite_rows_read: count,
  sqlite_rows_written: count,
});
export type TenantUsage = z.infer<typeof TenantUsage>;

/** What a tenant's agent last reported about itself (at most one report a second). */
export const TenantCounters = z.looseObject({
  applied: count,
  duplicates: count,
  cycles: count,
  decisions: count,
  runs_started: count,
  runs_active: count,
  runs_completed: count,
  runs_failed: count,
  articles_published: count,
  strategy_version: count,
  last_cycle_at: maybeText,
  last_error: maybeText,
  /** When the agent built this summary. */
  updated_at: text,
  /** What the tenant's agent has cost since it was registered (consumer-reported calls). */
  usage: TenantUsage.optional(),
});
export type TenantCounters = z.infer<typeof TenantCounters>;

/** A tenant as the registry lists it, with its agent's latest summary (null before the first). */
export const TenantSummary = z.looseObject({
  id: text,
  name: text,
  created_at: text,
  summary: TenantCounters.nullable(),
});
export type TenantSummary = z.infer<typeof TenantSummary>;

/** `GET /api/tenants` (operators): each tenant with this month's spend against its budget. */
export const TenantList = z.object({
  tenants: z.array(TenantSummary.extend({ spend: BudgetStatus })),
});
export type TenantList = z.infer<typeof TenantList>;

/** One tenant's agent cost: its operations, their price, and that per million applied events. */
export const TenantCost = z.looseObject({
  operations: TenantUsage,
  usd_total: count,
  usd_per_million_events: maybeCount,
});
export type TenantCost = z.infer<typeof TenantCost>;

/** One line of the operator's activity feed, as a tenant reported it. */
export const ActivityItem = z.looseObject({
  seq: count,
  tenant_id: text,
  at: text,
  /** "cycle", "research", "refresh", "published", "run failed", … */
  kind: text,
  text,
  correlation_id: maybeText,
});
export type ActivityItem = z.infer<typeof ActivityItem>;

/** `GET /api/feed`: the tenants' activity, newest first. */
export const ActivityFeed = z.object({
  items: z.array(ActivityItem),
  /** The `before` of the next (older) page; null on the last page the feed keeps. */
  next_before: maybeCount,
});
export type ActivityFeed = z.infer<typeof ActivityFeed>;
