/**
 * The TenantAgent's state: a small view model synced to every WebSocket client.
 * History lives in the agent's tables, never here (setState broadcasts all of it).
 */
export type TenantState = {
  tenant_id: string;
  /** Events applied once (first delivery of each event_id). */
  applied: number;
  /** Deliveries skipped because the event_id was already processed. */
  duplicates: number;
  last_event: LastEvent | null;
  /** The strategy in force (0 before the tenant was set up). */
  strategy_version: number;
  /** The cron its cycles run on, in UTC. */
  cycle_cron: string;
  /** The latest cycle: its chain (correlation_id), why it ran and when. */
  current_cycle: CycleInfo | null;
  counts: TenantCounts;
  /** Runs that have not finished, newest first (at most `MAX_ACTIVE_RUNS`). */
  active_runs: ActiveRun[];
  last_error: LastError | null;
  /**
   * Whether the tenant is paused or archived (or releasing what a pause held), since
   * when, by whom, and how many deliveries it holds (tenant/pause.ts); null while active.
   */
  held: TenantHold | null;
};

export type TenantHold = {
  status: "paused" | "archived" | "releasing";
  since: string;
  by: string | null;
  reason: string | null;
  count: number;
};

export type LastEvent = {
  event_id: string;
  type: string;
  timestamp: string;
  applied_at: string;
};

export type CycleInfo = { correlation_id: string; reason: string; started_at: string };

export type TenantCounts = {
  cycles: number;
  decisions: number;
  runs_started: number;
  /** Runs asked for or started that have not finished. */
  runs_active: number;
  runs_completed: number;
  runs_failed: number;
  articles_published: number;
};

export type ActiveRun = {
  run_id: string;
  keyword: string;
  status: string;
  step: string | null;
  /** 0–1 */
  percent: number | null;
  correlation_id: string;
  requested_at: string;
};

export type LastError = { at: string; message: string };

/** Active runs the state carries; the rest are listed by `GET /api/tenants/:id/runs`. */
export const MAX_ACTIVE_RUNS = 10;

export const initialTenantState: TenantState = {
  tenant_id: "",
  applied: 0,
  duplicates: 0,
  last_event: null,
  strategy_version: 0,
  cycle_cron: "",
  current_cycle: null,
  counts: {
    cycles: 0,
    decisions: 0,
    runs_started: 0,
    runs_active: 0,
    runs_completed: 0,
    runs_failed: 0,
    articles_published: 0,
  },
  active_runs: [],
  last_error: null,
  held: null,
};
