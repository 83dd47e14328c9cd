import type { Schedule } from "agents";
import type { VersionedStrategy } from "../../events/strategy";
import type { TenantState } from "../../events/tenant-state";
import type { PendingWork } from "./agent-settings";
import type { EventLogEntry } from "./event-log";
import type { HeldSummary } from "./pause";
import type { RunView } from "./run-view";

/** One of the agent's schedules: what it calls, and when next. */
export type ScheduleView = {
  id: string;
  callback: string;
  type: "scheduled" | "delayed" | "cron" | "interval";
  next_at: string;
  cron: string | null;
};

/** Everything the agent inspector shows, read in one call (`TenantAgent.inspect`). */
export type AgentInspection = {
  state: TenantState;
  strategy: VersionedStrategy;
  /** The newest events it applied (duplicates are counted in `state`, not logged). */
  inbox: EventLogEntry[];
  /** What it has not sent or started yet. */
  outbox: PendingWork;
  schedules: ScheduleView[];
  runs: RunView[];
  /** What holds the agent (paused, archived, releasing) and the oldest deliveries it holds. */
  held: HeldSummary;
};

/** The SDK's schedules as the inspector shows them, the next to fire first. */
export function scheduleViews(schedules: readonly Schedule<unknown>[]): ScheduleView[] {
  return schedules
    .map((s) => ({
      id: s.id,
      callback: s.callback,
      type: s.type,
      next_at: new Date(s.time * 1000).toISOString(),
      cron: s.type === "cron" ? s.cron : null,
    }))
    .sort((a, b) => a.next_at.localeCompare(b.next_at));
}
