import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";

/** A run that has not finished, as the tenant's state carries it (at most ten, newest first). */
export const ActiveRun = z.looseObject({
  run_id: text,
  keyword: text,
  status: text,
  step: maybeText,
  /** 0–1 */
  percent: maybeCount,
  correlation_id: text,
  requested_at: text,
});
export type ActiveRun = z.infer<typeof ActiveRun>;

/**
 * The TenantAgent's state: what `GET /api/tenants/:id` answers as `state`, and what the
 * agent pushes to every WebSocket client (`agents/tenant-state.ts` is its type there).
 */
export const TenantState = z.looseObject({
  tenant_id: text,
  /** Events applied once (first delivery of each event_id). */
  applied: count,
  /** Deliveries skipped because the event_id was already processed. */
  duplicates: count,
  last_event: z
    .looseObject({ event_id: text, type: text, timestamp: text, applied_at: text })
    .nullable(),
  /** The strategy in force (0 before the tenant was set up). */
  strategy_version: count,
  /** The cron its cycles run on, in UTC. */
  cycle_cron: text,
  /** The latest cycle: its chain (correlation_id), why it ran and when. */
  current_cycle: z.looseObject({ correlation_id: text, reason: text, started_at: text }).nullable(),
  counts: z.looseObject({
    cycles: count,
    decisions: count,
    runs_started: count,
    runs_active: count,
    runs_completed: count,
    runs_failed: count,
    articles_published: count,
  }),
  active_runs: z.array(ActiveRun),
  last_error: z.looseObject({ at: text, message: text }).nullable(),
  /**
   * Whether the tenant is paused or archived (or `releasing` what a pause held), since
   * when, by whom, why, and how many deliveries it holds; null while active.
   */
  held: z
    .looseObject({ status: text, since: text, by: maybeText, reason: maybeText, count })
    .nullable()
    .default(null),
});
export type TenantState = z.infer<typeof TenantState>;
