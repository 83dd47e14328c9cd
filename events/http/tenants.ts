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

/** Whether a tenant's agent runs (`active`), holds its deliveries (`paused`) or is archived. */
export const TenantStatus = z.enum(["active", "paused", "archived"]);
export type TenantStatus = z.infer<typeof TenantStatus>;

/** Why a delivery, a run or a cycle waits while its tenant is held. */
export const HoldWaiting = z.object({ reason: text, text, since: text });

/** One delivery a held tenant keeps for its resume, with why it waits. */
export const HeldDelivery = z.looseObject({
  seq: count,
  event_id: text,
  type: text,
  held_at: text,
  waiting: HoldWaiting.nullable(),
});

/**
 * What holds a tenant's agent, and what it holds: `GET /api/tenants/:id/inspect`'s
 * `held`, and the answers of pause and archive. `hold.status` is `releasing` while a
 * resume applies the backlog (new deliveries queue behind it).
 */
export const HeldSummary = z.looseObject({
  hold: z.looseObject({ status: text, since: text, by: maybeText, reason: maybeText }).nullable(),
  count,
  oldest: z.array(HeldDelivery),
});
export type HeldSummary = z.infer<typeof HeldSummary>;

/** `POST /api/tenants/:id/pause` and `…/archive`: the tenant held, since when, by whom. */
export const TenantPaused = z.looseObject({
  tenant_id: text,
  status: TenantStatus,
  since: text,
  by: maybeText,
  reason: maybeText,
  /** Deliveries held so far. */
  held: count,
});
export type TenantPaused = z.infer<typeof TenantPaused>;

/** `POST /api/tenants/:id/resume`: released now, and what a schedule releases next. */
export const TenantResumed = z.looseObject({
  tenant_id: text,
  status: z.literal("active"),
  released: count,
  remaining: count,
});
export type TenantResumed = z.infer<typeof TenantResumed>;

/** A tenant as the registry lists it, with its agent's latest summary (null before the first). */
export const TenantSummary = z.looseObject({
  id: text,
  name: text,
  created_at: text,
  /** `active`, `paused` or `archived` (`POST /api/tenants/:id/{pause,resume,archive}`). */
  status: TenantStatus.default("active"),
  /** Since when, by whom (the token's subject) and why it is paused or archived; null while active. */
  status_since: maybeText.default(null),
  status_by: maybeText.default(null),
  status_reason: maybeText.default(null),
  summary: TenantCounters.nullable(),
});
export type TenantSummary = z.infer<typeof TenantSummary>;

/** `GET /api/tenants/:id/export`: every table of the tenant's agent that holds its data. */
export const TenantExport = z.looseObject({
  tenant: TenantSummary,
  exported_at: text,
  tables: z.record(
    z.string(),
    z.object({
      rows: z.array(z.record(z.string(), z.union([z.string(), z.number(), z.null()]))),
      total: count,
      truncated: z.boolean(),
    }),
  ),
});
export type TenantExport = z.infer<typeof TenantExport>;

/** `GET /api/tenants` (operators): each tenant with this month's spend against its budget. */
export const TenantList = z.object({
  tenants: z.array(TenantSummary.extend({ spend: BudgetStatus })),
  /** The next page's cursor (tenants by id); null on the last page. */
  next_cursor: maybeText.default(null),
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
