import type { OutboxStatus } from "../../platform/sqlite/outbox";
import type { ObjectUsage } from "../../platform/sqlite/storage-meter";
import type { ApplyOutcome, ApplyTotals } from "./apply";

// The tenant agent's answer types and its timings, shared by its layers (agent-*.ts).

/** What the agent still has to send or start: its outbox and the runs waiting to start. */
export type PendingWork = OutboxStatus & { runs_to_start: number };

/**
 * The outcome of each event of a batch, the tenant's applied/duplicate totals after it,
 * and everything billable the agent did since its previous call (the meter): every
 * SQLite row, the SDK's included, and the alarms that ran meanwhile.
 */
export type ApplyResult = { outcomes: ApplyOutcome[]; usage: ObjectUsage; totals: ApplyTotals };

export type ApplyOptions = {
  /**
   * The caller passes the returned totals on to the OpsAgent (the fan-out does, with its
   * metrics): then a call that only logged and counted sends no summary of its own.
   */
  totalsReported?: boolean;
};

export const DEDUP_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
export const SENT_OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Seconds before a failed outbox flush, run start or summary is tried again. */
export const RETRY_SECONDS = 5;
/**
 * Seconds a summary waits for more changes before it goes to the OpsAgent. Each busy
 * tenant makes at most one call per this many seconds: with many tenants those calls
 * are the largest fixed cost (the benchmark measured half the CPU per event at 100
 * tenants with a 1 s window), and the dashboard shows each tenant's own counters live
 * over its agent's WebSocket anyway.
 */
export const SUMMARY_SECONDS = 5;
/** How late past its cron time a cycle may be before the sweep runs it instead. */
export const OVERDUE_GRACE_MS = 5 * 60 * 1000;
/** Held deliveries released per transaction on resume, and per call (the rest: a schedule). */
export const RELEASE_CHUNK = 100;
export const RELEASE_CHUNKS_PER_CALL = 5;
/** The agent's own daily prune, at 03:00 UTC (the platform sweep prunes too). */
export const PRUNE_CRON = "0 3 * * *";
