import { Agent, type Connection, type ConnectionContext } from "agents";
import { checkForwardedCaller, mayActForTenant } from "../../events/caller";
import { OPS_AGENT_NAME } from "../../events/ops-state";
import type { Strategy } from "../../events/strategy";
import { initialTenantState, type TenantState } from "../../events/tenant-state";
import { log } from "../../platform/log";
import { sendBundled } from "../../platform/queues/send-all";
import { pruneProcessed } from "../../platform/sqlite/dedup";
import { prunePartitions } from "../../platform/sqlite/dedup-partitions";
import { migrate } from "../../platform/sqlite/migrations";
import { type FlushResult, flushOutbox, pruneSentOutbox } from "../../platform/sqlite/outbox";
import { StorageMeter } from "../../platform/sqlite/storage-meter";
// Type only: the run parameters are the workflow's contract, checked here at compile time.
import type { ContentRunParams } from "../../workflows/content-workflow";
import { closeExpired, keepCaller } from "../shared/socket-expiry";
import {
  DEDUP_RETENTION_MS,
  OVERDUE_GRACE_MS,
  PRUNE_CRON,
  RETRY_SECONDS,
  SENT_OUTBOX_RETENTION_MS,
  SUMMARY_SECONDS,
} from "./agent-settings";
import { CYCLE_CALLBACK, reconcileCycleSchedules } from "./cycle-schedule";
import { acknowledgeFeed, markSummaryDirty, pendingFeed } from "./feed";
import { LiveState } from "./live-state";
import { readMeta, writeMeta } from "./meta";
import { readHold } from "./pause";
import { APPROVAL_STEP } from "./run-actions";
import { type RunHold, readRunHold, writeRunHold } from "./run-hold";
import { startRequestedRuns } from "./run-start";
import { runsUnderWay } from "./run-store";
import { tenantMigrations } from "./schema";
import type { StrategyChange } from "./strategy-change";
import { currentStrategy } from "./strategy-store";
import { isCycleOverdue } from "./timing";
import { readView, toSummary } from "./view";

/**
 * The tenant agent's foundation: its fields, its lifecycle (start, alarms, the dashboard's
 * sockets), its upkeep (outbox, runs to start, summaries, sweep and prune) and what every
 * change does after its commit. The capability layers above it add the messages, the
 * strategy and the runs, and `TenantAgent` (agents/tenant-agent.ts) the reads: one
 * Durable Object class, split by what each part is for.
 */
export abstract class TenantAgentBase extends Agent<Env, TenantState> {
  override initialState = initialTenantState;
  /** Runs being started right now (see `tenant/run-start.ts`); memory only, like the passes. */
  protected readonly startingRuns = new Set<string>();
  /** Whether held deliveries are being released right now (`releaseHeld`); memory only. */
  protected releasing = false;
  /** Whether a summary is scheduled (see `scheduleSummary`). */
  protected summaryScheduled = false;
  /** The dashboards' view, pushed only while one watches (see `tenant/live-state.ts`). */
  protected readonly live = new LiveState(
    () => !this.getConnections()[Symbol.iterator]().next().done,
    () => this.publishState(),
  );

  /** Every row and alarm, counted from the first statement on (`shared/storage-meter.ts`). */
  protected readonly meter: StorageMeter;

  constructor(ctx: DurableObjectState, env: Env) {
    // Before the SDK's constructor, so its own statements are counted too.
    const meter = new StorageMeter(ctx.storage);
    super(ctx, env);
    this.meter = meter;
    migrate(ctx.storage, tenantMigrations);
  }

  override async alarm(): Promise<void> {
    this.meter.alarmRan();
    await super.alarm();
  }

  override async onStart(): Promise<void> {
    await this.ensurePruneSchedule();
    // Not awaited: the request that woke the agent need not wait for the engine.
    void this.wakeRunsUnderWay();
  }

  // Dashboards watch; they never write the agent's state over the socket.
  override shouldConnectionBeReadonly(): boolean {
    return true;
  }

  /** Only this tenant or an operator, as the Worker's gate established (docs/SECURITY.md). */
  override async fetch(request: Request): Promise<Response> {
    const check = checkForwardedCaller(request, (caller) => mayActForTenant(caller, this.name));
    if (!check.ok) return check.response;
    // The view is not kept current while nobody watches: bring it up to date before the
    // SDK greets the new dashboard with it (inside the connection it could not be set).
    if (request.headers.get("upgrade")?.toLowerCase() === "websocket") this.live.connected();
    return super.fetch(request);
  }

  /** Keeps the verified caller on the connection and closes it when its token expires. */
  override async onConnect(connection: Connection, ctx: ConnectionContext): Promise<void> {
    await keepCaller(this, connection, ctx.request.headers);
  }

  /** Closes the connections whose token has expired: `onConnect` schedules it at each expiry. */
  async closeExpiredConnections(_expiry?: unknown, now?: unknown): Promise<number> {
    // A schedule passes its payload and itself; only a test passes the time.
    return closeExpired(this.getConnections(), typeof now === "number" ? now : Date.now());
  }

  // ── implemented by the layers above (the sweep calls them) ─────────────────────

  abstract setUp(strategy?: unknown, author?: string | null): Promise<StrategyChange>;
  abstract requestCycle(reason: string): Promise<{ correlation_id: string }>;
  abstract releaseHeld(): Promise<number>;
  /** The cycle schedule's callback (`CYCLE_CALLBACK`). */
  abstract runCycle(): Promise<void>;

  // ── upkeep ──────────────────────────────────────────────────────────────────────

  /**
   * The platform sweep's visit: sets up a registered tenant whose setup never finished,
   * heals its cycle schedule, runs a cycle its schedule missed, sends and starts
   * anything pending, and prunes old rows.
   */
  async sweep(): Promise<{ pruned: number; overdue_cycle: boolean }> {
    const sql = this.ctx.storage.sql;
    const { version, strategy } = currentStrategy(sql);
    if (version === 0) await this.setUp();
    else {
      await this.reconcileSchedule(strategy.cycle_cron);
      await this.pushRoutingSettings(strategy);
    }
    const since = readMeta(sql, "last_cycle_at") ?? readMeta(sql, "initialised_at");
    const overdue =
      since !== null && isCycleOverdue(strategy.cycle_cron, since, new Date(), OVERDUE_GRACE_MS);
    // A paused or archived tenant's cycles wait for its resume; a backlog being released
    // goes on from here too, should its schedule have been lost.
    const hold = readHold(sql);
    if (overdue && hold === null) await this.requestCycle("overdue (platform sweep)");
    if (hold?.status === "releasing") await this.releaseHeld();
    await this.flushOutbox();
    await this.startRequestedRuns();
    if (readMeta(sql, "summary_dirty") !== null) await this.scheduleSummary();
    return { pruned: await this.prune(), overdue_cycle: overdue };
  }

  /** Forgets dedup rows and sent outbox rows past their retention; returns how many went. */
  async prune(now?: number): Promise<number> {
    // A schedule calls this with its (empty) payload; only a number moves the clock.
    const at = typeof now === "number" ? now : Date.now();
    const sql = this.ctx.storage.sql;
    // Whole week-partitions of dedup ids are dropped; the older single table (per-key
    // marks, and ids from before the partitions) loses its past rows one by one.
    const cutoff = at - DEDUP_RETENTION_MS;
    return (
      prunePartitions(sql, cutoff) +
      pruneProcessed(sql, cutoff) +
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
      (messages) => sendBundled(this.env.EVENTS_QUEUE, messages),
      Date.now(),
    );
    if (result.error && !(await this.hasPendingFlush())) {
      await this.schedule(RETRY_SECONDS, "flushOutbox");
    }
    return result;
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

  /** Whether a retry flush is scheduled in the future (a running one is due, not pending). */
  protected async hasPendingFlush(): Promise<boolean> {
    const nowSeconds = Date.now() / 1000;
    return (await this.listSchedules({ type: "delayed" })).some(
      (s) => s.callback === "flushOutbox" && s.time > nowSeconds,
    );
  }

  /**
   * Sends the outbox and starts the runs decisions asked for: after each commit that left
   * any, and from the backstop schedule that commit set.
   */
  async sendPending(): Promise<void> {
    await this.flushOutbox();
    await this.startRequestedRuns();
  }

  /**
   * Wakes the runs under way when the agent (re)starts. Cloudflare's workflow engine
   * resumes a run a crash interrupted by itself; the local one (Miniflare) leaves it
   * stopped until something reaches the instance, and an event does: the run replays
   * its stored steps and goes on from the step it was in. No step waits for this event,
   * so the engine keeps and ignores it where runs resume anyway. A run waiting for
   * approval is left alone: its approval wakes it. Returns how many were woken.
   */
  async wakeRunsUnderWay(): Promise<number> {
    let woken = 0;
    for (const runId of runsUnderWay(this.ctx.storage.sql, APPROVAL_STEP)) {
      try {
        await this.sendWorkflowEvent("CONTENT_WORKFLOW", runId, { type: "wake", payload: {} });
        woken++;
      } catch (error) {
        log({ level: "warn", msg: "run not woken", run: runId, error: String(error) });
      }
    }
    return woken;
  }

  /**
   * Holds this tenant's new runs, or releases them (null) and starts those that waited:
   * the OpsAgent's budget check calls it (agents/ops/budgets.ts). Idempotent.
   */
  async holdNewRuns(hold: RunHold | null): Promise<{ held: boolean }> {
    if (writeRunHold(this.ctx.storage.sql, hold)) {
      this.live.changed();
      if (hold === null) await this.startRequestedRuns();
    }
    return { held: readRunHold(this.ctx.storage.sql) !== null };
  }

  /** Starts the content runs decisions asked for (see `tenant/run-start.ts`), unless held. */
  async startRequestedRuns(): Promise<number> {
    if (readRunHold(this.ctx.storage.sql) !== null) return 0;
    const { started, failed } = await startRequestedRuns(
      this.ctx.storage.sql,
      ({ run_id, ...rest }) => {
        const params: ContentRunParams = { ...rest, tenant_id: this.name };
        return this.runWorkflow("CONTENT_WORKFLOW", params, {
          id: run_id,
          metadata: { keyword: rest.keyword, correlation_id: rest.correlation_id },
        });
      },
      () => new Date().toISOString(),
      {
        claimed: this.startingRuns,
        isTracked: (runId) => this.getWorkflow(runId) !== undefined,
      },
    );
    if (failed > 0) await this.schedule(RETRY_SECONDS, "startRequestedRuns");
    if (started > 0) this.live.changed();
    return started;
  }

  /**
   * Sends this tenant's counters and pending feed items to the OpsAgent: the coalesced
   * summary (at most one call every `SUMMARY_SECONDS`, however busy the tenant is).
   */
  async sendSummary(): Promise<void> {
    // In flight: a change that lands meanwhile does not schedule another summary (its
    // idempotent schedule would fold into this running one and vanish with it); the
    // check at the end sends it.
    this.summaryScheduled = true;
    const sql = this.ctx.storage.sql;
    writeMeta(sql, "summary_dirty", null);
    const now = new Date().toISOString();
    const summary = toSummary(readView(sql, this.name), readMeta(sql, "last_cycle_at"), now);
    const feed = pendingFeed(sql);
    try {
      const ops = this.env.OPS_AGENT.getByName(OPS_AGENT_NAME);
      await ops.recordSummary(this.name, summary, feed.items);
      acknowledgeFeed(sql, feed.upTo);
    } catch (error) {
      log({
        level: "warn",
        msg: "summary not sent",
        tenant: this.name,
        error: String(error),
      });
      markSummaryDirty(sql);
      await this.schedule(RETRY_SECONDS, "sendSummary");
      return;
    }
    this.summaryScheduled = false;
    // Changes that landed while this one was on its way go in the next: a new schedule,
    // not an idempotent one, which would match this running job.
    if (readMeta(sql, "summary_dirty") !== null) {
      await this.schedule(SUMMARY_SECONDS, "sendSummary");
      this.summaryScheduled = true;
    }
  }

  // ── internals ───────────────────────────────────────────────────────────────────

  /**
   * After a commit: send and start what it left pending, tell the dashboards, and note
   * that the OpsAgent's summary is out of date when the change is one it must hear of.
   */
  protected async afterChange(change: { pending: boolean; summary: boolean }) {
    if (change.pending) {
      // Set in the same turn as the commit, before anything is sent: should the process
      // die before the sends below are done, this schedule (an alarm, kept on disk) sends
      // the rest once the agent is back, without waiting for the platform sweep.
      await this.schedule(RETRY_SECONDS, "sendPending", undefined, { idempotent: true });
      await this.sendPending();
    }
    if (change.summary) {
      // Rows written cost money: the flag is written only when it is not set already.
      if (readMeta(this.ctx.storage.sql, "summary_dirty") === null) {
        markSummaryDirty(this.ctx.storage.sql);
      }
      await this.scheduleSummary();
    }
    this.live.changed();
  }

  /**
   * One pending summary at a time: a second request folds into the one already waiting.
   * The in-memory flag spares the schedule lookup on every batch; after an eviction it
   * starts unset, and the idempotent schedule still keeps a single one.
   */
  protected async scheduleSummary(): Promise<void> {
    if (this.summaryScheduled) return;
    await this.schedule(SUMMARY_SECONDS, "sendSummary", undefined, { idempotent: true });
    this.summaryScheduled = true;
  }

  /**
   * Tells the OpsAgent the strategy settings the route table's predicates read
   * (`social_enabled`): routing looks them up there once per batch for all tenants. A
   * failure is logged; the platform sweep pushes them again.
   */
  protected async pushRoutingSettings(strategy: Strategy): Promise<void> {
    try {
      const ops = this.env.OPS_AGENT.getByName(OPS_AGENT_NAME);
      await ops.setTenantSettings(this.name, { social_enabled: strategy.social_enabled });
    } catch (error) {
      log({
        level: "warn",
        msg: "routing settings not pushed",
        tenant: this.name,
        error: String(error),
      });
    }
  }

  /** Keeps one cycle schedule on `cron`; none at all for null or an archived tenant. */
  protected async reconcileSchedule(cron: string | null): Promise<void> {
    const archived = readHold(this.ctx.storage.sql)?.status === "archived";
    const { cancel, create } = reconcileCycleSchedules(
      this.getSchedules({ type: "cron" }),
      archived ? null : cron,
    );
    for (const id of cancel) await this.cancelSchedule(id);
    if (create && cron !== null && !archived) await this.schedule(cron, CYCLE_CALLBACK);
  }

  protected publishState(): void {
    this.setState(readView(this.ctx.storage.sql, this.name));
  }
}
