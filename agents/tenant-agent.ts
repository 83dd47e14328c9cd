import { Agent, type Connection, type ConnectionContext } from "agents";
import type { Message } from "../events";
import { callerFromHeaders, checkForwardedCaller, mayActForTenant } from "./shared/caller";
import { addToCounter, readCounters } from "./shared/counters";
import { markProcessed, pruneProcessed } from "./shared/dedup";
import { migrate } from "./shared/migrations";
import { type FlushResult, flushOutbox, pruneSentOutbox } from "./shared/outbox";
import { sendAll } from "./shared/send-all";
import { meterSql, type SqlUsage } from "./shared/sql-meter";
import { appendToLog, type EventLogEntry, type EventLogFilter, readLog } from "./tenant/event-log";
import { tenantMigrations } from "./tenant/schema";
import { initialTenantState, type TenantState } from "./tenant-state";

/** What happened to one delivered event. */
export type ApplyOutcome = { event_id: string; status: "applied" | "duplicate" };

/** The outcome of each event of a batch, and the SQLite rows applying it took (the meter). */
export type ApplyResult = { outcomes: ApplyOutcome[]; usage: SqlUsage };

const DEDUP_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const SENT_OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Seconds before an outbox flush that failed is tried again. */
const OUTBOX_RETRY_SECONDS = 5;
/** The agent's own daily prune, at 03:00 UTC (the platform sweep prunes too). */
export const PRUNE_CRON = "0 3 * * *";

/**
 * One agent per tenant, named by tenant id. A thin shell: dedupe, record, update the
 * counters in one transaction, then publish the small state to the dashboard.
 */
export class TenantAgent extends Agent<Env, TenantState> {
  override initialState = initialTenantState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, tenantMigrations);
  }

  override async onStart(): Promise<void> {
    await this.ensurePruneSchedule();
  }

  // Dashboards watch; they never write the agent's state over the socket.
  override shouldConnectionBeReadonly(): boolean {
    return true;
  }

  /** Only this tenant or an operator, as the Worker's gate established (docs/SECURITY.md). */
  override async fetch(request: Request): Promise<Response> {
    const check = checkForwardedCaller(request, (caller) => mayActForTenant(caller, this.name));
    return check.ok ? super.fetch(request) : check.response;
  }

  /** Keeps the verified caller on the connection, for `requireCaller` in callable methods. */
  override onConnect(connection: Connection, ctx: ConnectionContext): void {
    connection.setState({ caller: callerFromHeaders(ctx.request.headers) });
  }

  /**
   * Applies a batch of events for this tenant, each event_id at most once however often
   * it is delivered. One call per tenant per queue batch keeps the per-call cost flat.
   */
  async applyEvents(messages: Message[]): Promise<ApplyResult> {
    const meter = meterSql(this.ctx.storage.sql);
    const sql = meter.sql;
    const now = Date.now();
    const appliedAt = new Date(now).toISOString();
    let last: Message | undefined;
    const outcomes = this.ctx.storage.transactionSync(() => {
      const results: ApplyOutcome[] = [];
      let applied = 0;
      for (const message of messages) {
        if (!markProcessed(sql, message.event_id, message.type, now)) {
          results.push({ event_id: message.event_id, status: "duplicate" });
          continue;
        }
        appendToLog(sql, message, appliedAt);
        applied++;
        last = message;
        results.push({ event_id: message.event_id, status: "applied" });
      }
      addToCounter(sql, "applied", applied);
      addToCounter(sql, "duplicates", results.length - applied);
      return results;
    });
    this.publishState(last, appliedAt, sql);
    return { outcomes, usage: meter.usage() };
  }

  async listEvents(filter: EventLogFilter): Promise<EventLogEntry[]> {
    return readLog(this.ctx.storage.sql, filter);
  }

  async getTenantState(): Promise<TenantState> {
    return this.state;
  }

  /**
   * Keeps exactly one daily prune schedule: onStart runs on every wake, and cron rows
   * are never removed by themselves, so a stale expression is cancelled and a matching
   * one is reused rather than added again.
   */
  async ensurePruneSchedule(): Promise<void> {
    const prunes = (await this.listSchedules({ type: "cron" })).filter(
      (s) => s.callback === "prune",
    );
    let kept = false;
    for (const schedule of prunes) {
      if (!kept && schedule.type === "cron" && schedule.cron === PRUNE_CRON) kept = true;
      else await this.cancelSchedule(schedule.id);
    }
    if (!kept) await this.schedule(PRUNE_CRON, "prune");
  }

  /** Forgets dedup rows and sent outbox rows past their retention; returns how many went. */
  async prune(now?: number): Promise<number> {
    // A schedule calls this with its (empty) payload; only a number moves the clock.
    const at = typeof now === "number" ? now : Date.now();
    const sql = this.ctx.storage.sql;
    return (
      pruneProcessed(sql, at - DEDUP_RETENTION_MS) +
      pruneSentOutbox(sql, at - SENT_OUTBOX_RETENTION_MS)
    );
  }

  /**
   * Sends what the outbox holds to the events queue (the fan-out routes it). A failed
   * send leaves the rows unsent and schedules another try, unless one is already
   * waiting: repeated failures never pile up retry schedules.
   */
  async flushOutbox(): Promise<FlushResult> {
    const result = await flushOutbox(
      this.ctx.storage.sql,
      (messages) => sendAll(this.env.EVENTS_QUEUE, messages),
      Date.now(),
    );
    if (result.error && !(await this.hasPendingFlush())) {
      await this.schedule(OUTBOX_RETRY_SECONDS, "flushOutbox");
    }
    return result;
  }

  /** Whether a retry flush is scheduled in the future (a running one is due, not pending). */
  private async hasPendingFlush(): Promise<boolean> {
    const nowSeconds = Date.now() / 1000;
    return (await this.listSchedules({ type: "delayed" })).some(
      (s) => s.callback === "flushOutbox" && s.time > nowSeconds,
    );
  }

  private publishState(last: Message | undefined, appliedAt: string, sql: SqlStorage): void {
    const counters = readCounters(sql);
    this.setState({
      tenant_id: this.name,
      applied: counters.applied ?? 0,
      duplicates: counters.duplicates ?? 0,
      last_event: last
        ? {
            event_id: last.event_id,
            type: last.type,
            timestamp: last.timestamp,
            applied_at: appliedAt,
          }
        : this.state.last_event,
    });
  }
}
