import { Agent, type Connection, type ConnectionContext } from "agents";
import { createMessage, type FieldError, type Message } from "../events";
// Type only: the run parameters are the workflow's contract, checked here at compile time.
import type { ContentRunParams } from "../workflows/content-workflow";
import { OPS_AGENT_NAME } from "./ops-state";
import { checkForwardedCaller, mayActForTenant } from "./shared/caller";
import { pruneProcessed } from "./shared/dedup";
import { processedOf, prunePartitions } from "./shared/dedup-partitions";
import { migrate } from "./shared/migrations";
import {
  type FlushResult,
  flushOutbox,
  type OutboxStatus,
  outboxStatus,
  pruneSentOutbox,
} from "./shared/outbox";
import { sendBundled } from "./shared/send-all";
import { closeExpired, keepCaller } from "./shared/socket-expiry";
import { type ObjectUsage, StorageMeter } from "./shared/storage-meter";
import { type ApplyOutcome, type ApplyTotals, applyMessages, researchToRead } from "./tenant/apply";
import {
  type ArticleInput,
  findArticle,
  insertArticle,
  type StoredArticle,
} from "./tenant/articles";
import {
  type ContentReady,
  type RunFailure,
  readyAndPublish,
  recordFailure,
} from "./tenant/content-runs";
import { type ContentPosition, type ContentView, readContent } from "./tenant/content-view";
import { CYCLE_CALLBACK, reconcileCycleSchedules } from "./tenant/cycle-schedule";
import { AGENT_SOURCE } from "./tenant/decide";
import { type EventLogEntry, type EventLogFilter, readLog } from "./tenant/event-log";
import { acknowledgeFeed, addToFeed, markSummaryDirty, pendingFeed } from "./tenant/feed";
import { type AgentInspection, scheduleViews } from "./tenant/inspect";
import { LiveState } from "./tenant/live-state";
import { type LookupHit, lookupId, lookupPage } from "./tenant/lookup";
import { readMeta, writeMeta } from "./tenant/meta";
import {
  type DeliveryHold,
  exportTables,
  forgetHeld,
  type HeldSummary,
  hasHeld,
  holdMessages,
  holdText,
  nextHeld,
  readHeld,
  readHold,
  type TenantExport,
  writeHold,
} from "./tenant/pause";
import { type PublishableArticle, publishableArticle, publishRefusal } from "./tenant/publish-gate";
import { type ReplayFilter, type ReplaySelection, selectReplay } from "./tenant/replay";
import { researchReader } from "./tenant/research-reader";
import { type ResearchView, readResearch } from "./tenant/research-view";
import {
  APPROVAL_STEP,
  claimDecision,
  PAST,
  type RunAction,
  type RunActionResult,
  recordProgressInOrder,
  releaseDecision,
} from "./tenant/run-actions";
import { actInBulk, type BulkAction, type BulkItem } from "./tenant/run-bulk";
import { type RunHold, readRunHold, writePauseRunHold, writeRunHold } from "./tenant/run-hold";
import { planRestart, type RestartRefusal, recordRestart, undoRestart } from "./tenant/run-restart";
import { type RetryResult, requestRetry } from "./tenant/run-retry";
import { type RunPosition, type RunSearchFilter, searchRuns } from "./tenant/run-search";
import { startRequestedRuns } from "./tenant/run-start";
import {
  countRequested,
  Progress,
  readRun,
  recordRunEnd,
  recordStepTimes,
  runsUnderWay,
} from "./tenant/run-store";
import { type RunView, readRuns, viewRuns } from "./tenant/run-view";
import { tenantMigrations } from "./tenant/schema";
import { Strategy, type StrategyVersion, type VersionedStrategy } from "./tenant/strategy";
import { changeStrategy, type StrategyChange } from "./tenant/strategy-change";
import { decidePreview, type StrategyPreviewAnswer } from "./tenant/strategy-preview";
import { loadPreview } from "./tenant/strategy-preview-store";
import { currentStrategy, strategyHistory, strategyVersion } from "./tenant/strategy-store";
import { isCycleOverdue } from "./tenant/timing";
import type { TraceEntry } from "./tenant/trace";
import { readTrace } from "./tenant/trace-store";
import { addedTo, readTraffic, writeTraffic } from "./tenant/traffic";
import { readView, toSummary } from "./tenant/view";
import { initialTenantState, type TenantState } from "./tenant-state";

export type { ApplyOutcome } from "./tenant/apply";

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

const DEDUP_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
const SENT_OUTBOX_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Seconds before a failed outbox flush, run start or summary is tried again. */
const RETRY_SECONDS = 5;
/**
 * Seconds a summary waits for more changes before it goes to the OpsAgent. Each busy
 * tenant makes at most one call per this many seconds: with many tenants those calls
 * are the largest fixed cost (the benchmark measured half the CPU per event at 100
 * tenants with a 1 s window), and the dashboard shows each tenant's own counters live
 * over its agent's WebSocket anyway.
 */
const SUMMARY_SECONDS = 5;
/** How late past its cron time a cycle may be before the sweep runs it instead. */
const OVERDUE_GRACE_MS = 5 * 60 * 1000;
/** Held deliveries released per transaction on resume, and per call (the rest: a schedule). */
const RELEASE_CHUNK = 100;
const RELEASE_CHUNKS_PER_CALL = 5;
/** The agent's own daily prune, at 03:00 UTC (the platform sweep prunes too). */
export const PRUNE_CRON = "0 3 * * *";

/**
 * One agent per tenant, named by tenant id. A thin shell around pure decisions
 * (`tenant/decide.ts`, `tenant/evolve.ts`): read what a message refers to, then dedupe →
 * decide → persist with its outbox in one transaction (`tenant/apply.ts`) → send, start
 * runs and publish the small state. Its cycle runs on its own cron schedule.
 */
export class TenantAgent extends Agent<Env, TenantState> {
  override initialState = initialTenantState;
  /** Runs being started right now (see `tenant/run-start.ts`); memory only, like the passes. */
  private readonly startingRuns = new Set<string>();
  /** Whether held deliveries are being released right now (`releaseHeld`); memory only. */
  private releasing = false;
  /** Whether a summary is scheduled (see `scheduleSummary`). */
  private summaryScheduled = false;
  /** The dashboards' view, pushed only while one watches (see `tenant/live-state.ts`). */
  private readonly live = new LiveState(
    () => !this.getConnections()[Symbol.iterator]().next().done,
    () => this.publishState(),
  );

  /** Every row and alarm, counted from the first statement on (`shared/storage-meter.ts`). */
  private readonly meter: StorageMeter;

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

  // ── messages ────────────────────────────────────────────────────────────────────

  /**
   * Applies a batch of messages for this tenant, each event_id at most once however
   * often it is delivered. One call per tenant per queue batch keeps the per-call cost
   * flat. Research named by a `research.completed` is read first (outside the
   * transaction); if the research service cannot answer, nothing is applied and the
   * batch is retried.
   */
  async applyEvents(messages: Message[], options: ApplyOptions = {}): Promise<ApplyResult> {
    // Paused, archived, or still releasing what a pause held: kept, in order (tenant/pause.ts).
    if (messages.length > 0 && readHold(this.ctx.storage.sql) !== null) {
      return this.holdEvents(messages);
    }
    return this.applyNow(messages, options);
  }

  /** The normal apply path; `released` deletes the held rows it applies in its transaction. */
  private async applyNow(
    messages: Message[],
    options: ApplyOptions,
    released?: { upTo: number },
  ): Promise<ApplyResult> {
    const research = await researchReader(this.env)(
      this.name,
      researchToRead(this.ctx.storage.sql, messages),
    );
    const now = new Date();
    const apply = () =>
      applyMessages(this.ctx.storage, this.name, messages, research, {
        now: () => now,
        newId: () => crypto.randomUUID(),
      });
    const sql = this.ctx.storage.sql;
    const result = released
      ? // One transaction: the chunk is applied and forgotten together, and the hold
        // ends with the last of the backlog (a crash leaves both as they were).
        this.ctx.storage.transactionSync(() => {
          const applied = apply();
          forgetHeld(sql, released.upTo);
          if (!hasHeld(sql) && readHold(sql)?.status === "releasing") writeHold(sql, null);
          return applied;
        })
      : apply();
    // Plain event traffic reaches the OpsAgent with the consumer's metrics; anything
    // more (a decision, a run, a fact) goes in the agent's own summary.
    if (messages.length > 0) {
      await this.afterChange({
        pending: result.pending,
        summary: result.acted || options.totalsReported !== true,
      });
    }
    // Dedup ids are forgotten a week-partition at a time by DROP TABLE, which writes no
    // rows (shared/dedup-partitions.ts): they cost their insert only.
    return { outcomes: result.outcomes, usage: this.meter.take(), totals: result.totals };
  }

  /**
   * A held agent keeps what is delivered, in arrival order, for its resume: answered
   * `held` (the queue acks them), or `duplicate` for one applied or held already.
   */
  private holdEvents(messages: Message[]): ApplyResult {
    const sql = this.ctx.storage.sql;
    const applied = processedOf(
      sql,
      messages.map((m) => m.event_id),
    );
    const { statuses, totals } = this.ctx.storage.transactionSync(() => {
      const statuses = holdMessages(sql, messages, applied, new Date().toISOString());
      const duplicates = statuses.filter((s) => s === "duplicate").length;
      let totals = readTraffic(sql);
      if (duplicates > 0) {
        totals = addedTo(totals, 0, duplicates);
        writeTraffic(sql, totals);
      }
      return { statuses, totals };
    });
    this.live.changed();
    const outcomes = messages.map((m, i) => ({
      event_id: m.event_id,
      status: statuses[i] ?? "held",
    }));
    return { outcomes, usage: this.meter.take(), totals };
  }

  // ── pause, resume, archive ──────────────────────────────────────────────────────

  /** Whether (and why) the agent is held: paused, archived, or releasing a backlog. */
  async holdStatus(): Promise<HeldSummary> {
    return readHeld(this.ctx.storage.sql, 5);
  }

  /**
   * Pauses the tenant (idempotent: a second pause answers the first) or archives it,
   * which also cancels its cycle schedules. Deliveries are held from now on; new runs
   * wait with the pause as their reason. Archiving a paused tenant archives it.
   */
  async pause(
    status: "paused" | "archived",
    by: string | null,
    reason: string | null,
  ): Promise<{ ok: true; hold: DeliveryHold } | { ok: false; hold: DeliveryHold }> {
    const sql = this.ctx.storage.sql;
    const before = readHold(sql);
    // Pausing an archived tenant would undo its archive: refused, resume it instead.
    if (before?.status === "archived" && status === "paused") return { ok: false, hold: before };
    const at = new Date().toISOString();
    const hold = this.ctx.storage.transactionSync(() => {
      const next: DeliveryHold =
        before?.status === status ? before : { status, since: at, by, reason };
      const written = writeHold(sql, next);
      if (written) {
        writePauseRunHold(sql, { reason: "paused", text: holdText(written), since: written.since });
        if (written !== before) {
          addToFeed(sql, { at, kind: "tenant", text: holdText(written), correlation_id: null });
        }
      }
      return written;
    }) ?? { status, since: at, by, reason };
    if (status === "archived") await this.reconcileSchedule(null);
    await this.afterChange({ pending: false, summary: true });
    return { ok: true, hold };
  }

  /**
   * Resumes a paused or archived tenant: its cycle schedule comes back, held runs start,
   * and held deliveries are applied in their order (a bounded number now, the rest from
   * a schedule). `was` is null when the tenant was not held.
   */
  async resume(): Promise<{ was: DeliveryHold | null; released: number; remaining: number }> {
    const sql = this.ctx.storage.sql;
    const was = readHold(sql);
    if (was === null || was.status === "releasing") {
      return { was: null, released: 0, remaining: 0 };
    }
    const at = new Date().toISOString();
    this.ctx.storage.transactionSync(() => {
      writeHold(sql, hasHeld(sql) ? { ...was, status: "releasing" } : null);
      writePauseRunHold(sql, null);
      const text = `resumed (was ${holdText(was)})`;
      addToFeed(sql, { at, kind: "tenant", text, correlation_id: null });
    });
    await this.reconcileSchedule(currentStrategy(sql).strategy.cycle_cron);
    await this.startRequestedRuns();
    const released = await this.releaseHeld();
    await this.afterChange({ pending: false, summary: true });
    return { was, released, remaining: readHeld(sql, 0).count };
  }

  /**
   * Applies held deliveries in their order, a chunk per transaction (each chunk's rows
   * deleted in the transaction that applies it), up to a bound per call; what remains
   * is released by a schedule. Returns how many were released by this call.
   */
  async releaseHeld(): Promise<number> {
    if (this.releasing) return 0;
    const sql = this.ctx.storage.sql;
    if (readHold(sql)?.status !== "releasing") return 0;
    this.releasing = true;
    let released = 0;
    try {
      for (let i = 0; i < RELEASE_CHUNKS_PER_CALL; i++) {
        // A pause or archive meanwhile holds the rest again.
        if (readHold(sql)?.status !== "releasing") break;
        const chunk = nextHeld(sql, RELEASE_CHUNK);
        if (!chunk) break;
        await this.applyNow(chunk.messages, {}, { upTo: chunk.upTo });
        released += chunk.messages.length;
      }
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "warn",
          msg: "held deliveries not released",
          tenant: this.name,
          error: String(error),
        }),
      );
      // Not idempotent: called from that schedule, an idempotent one would fold into the
      // running job and vanish with it (one follow-up per run, so they never pile up).
      await this.schedule(RETRY_SECONDS, "releaseHeld");
      return released;
    } finally {
      this.releasing = false;
    }
    if (readHold(sql)?.status === "releasing") await this.schedule(0, "releaseHeld");
    this.live.changed();
    return released;
  }

  /** Every table of the agent that holds the tenant's data (tenant/pause.ts), for the export. */
  async exportData(): Promise<TenantExport> {
    return exportTables(this.ctx.storage.sql);
  }

  /** Runs a cycle now; returns the chain (correlation_id) it opened. */
  async requestCycle(reason: string): Promise<{ correlation_id: string }> {
    const id = crypto.randomUUID();
    const message = createMessage(
      "cycle.requested",
      { reason },
      { tenant_id: this.name, source: AGENT_SOURCE, correlation_id: id },
      { newId: () => id, now: () => new Date() },
    );
    await this.applyEvents([message]);
    return { correlation_id: id };
  }

  /** The cron schedule's callback; a paused tenant's cycle is skipped, saying why. */
  async runCycle(): Promise<void> {
    const sql = this.ctx.storage.sql;
    const hold = readHold(sql);
    if (hold && hold.status !== "releasing") {
      const text = `scheduled cycle skipped: ${holdText(hold)}`;
      console.log(JSON.stringify({ level: "info", msg: text, tenant: this.name }));
      addToFeed(sql, { at: new Date().toISOString(), kind: "cycle", text, correlation_id: null });
      await this.afterChange({ pending: false, summary: true });
      return;
    }
    await this.requestCycle("scheduled");
  }

  // ── strategy ────────────────────────────────────────────────────────────────────

  /**
   * Sets the tenant up once: its first strategy (the given one or the defaults) and its
   * cycle schedule. Called again, it only makes sure the schedule exists.
   */
  async setUp(strategy?: unknown, author: string | null = null): Promise<StrategyChange> {
    const current = currentStrategy(this.ctx.storage.sql);
    if (current.version > 0) {
      await this.reconcileSchedule(current.strategy.cycle_cron);
      return { ok: true, changed: false, ...current };
    }
    writeMeta(this.ctx.storage.sql, "initialised_at", new Date().toISOString());
    return this.setStrategy(strategy ?? {}, "created", author);
  }

  async getStrategy(): Promise<VersionedStrategy> {
    return currentStrategy(this.ctx.storage.sql);
  }

  async listStrategyVersions(
    limit = 100,
    before: number | null = null,
  ): Promise<StrategyVersion[]> {
    return strategyHistory(this.ctx.storage.sql, limit, before);
  }

  /**
   * Validates and stores a new strategy version (the same strategy again makes none),
   * sends `strategy.updated`, and replaces the cycle schedule when the cron changed.
   */
  async setStrategy(
    input: unknown,
    note = "updated",
    author: string | null = null,
  ): Promise<StrategyChange> {
    const parsed = Strategy.safeParse(input);
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
    const at = new Date();
    const change = changeStrategy(this.ctx.storage, this.name, parsed.data, note, at, author);
    await this.reconcileSchedule(change.strategy.cycle_cron);
    if (change.changed) {
      await this.pushRoutingSettings(change.strategy);
      await this.afterChange({ pending: true, summary: true });
    }
    return { ok: true, ...change };
  }

  /** Makes a new version equal to an old one; null when that version does not exist. */
  async rollbackStrategy(
    version: number,
    author: string | null = null,
  ): Promise<StrategyChange | null> {
    const old = strategyVersion(this.ctx.storage.sql, version);
    return old ? this.setStrategy(old.strategy, `rolled back to v${version}`, author) : null;
  }

  /**
   * What a draft strategy would keep and drop now and over the past `days` of research,
   * beside the strategy in force (`tenant/strategy-preview.ts`). Changes nothing; an
   * invalid draft gets the field errors a PUT would.
   */
  async previewStrategy(
    draft: unknown,
    options: { days: number; now?: number },
  ): Promise<StrategyPreviewAnswer> {
    const parsed = Strategy.safeParse(draft);
    if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
    const now = new Date(options.now ?? Date.now());
    const sql = this.ctx.storage.sql;
    return {
      ok: true,
      preview: decidePreview(loadPreview(sql, this.name, parsed.data, options.days, now)),
    };
  }

  // ── reading ─────────────────────────────────────────────────────────────────────

  async listEvents(filter: EventLogFilter): Promise<EventLogEntry[]> {
    return readLog(this.ctx.storage.sql, filter);
  }

  /**
   * Logged events to send again (`POST /api/replay`), newest first, with what the dedup
   * will do with each and, for a preview, what a decision on each would be now beside
   * the one recorded then (`tenant/replay.ts`). Reads only; the Worker sends them.
   */
  async selectReplay(
    filter: ReplayFilter,
    options: { preview: boolean; now?: number },
  ): Promise<ReplaySelection> {
    const now = new Date(options.now ?? Date.now());
    return selectReplay(this.ctx.storage.sql, this.name, filter, {
      decisions: options.preview,
      ctx: { now: () => now, newId: () => crypto.randomUUID() },
    });
  }

  /** Of these event ids, the ones this agent has applied (its dedup would skip them). */
  async appliedAmong(eventIds: string[]): Promise<string[]> {
    return [...processedOf(this.ctx.storage.sql, eventIds.slice(0, 500))];
  }

  async getTenantState(): Promise<TenantState> {
    return readView(this.ctx.storage.sql, this.name);
  }

  /** Content runs, newest first, with the workflow's own status, step and timings. */
  async listRuns(limit = 50): Promise<RunView[]> {
    const tracked = this.getWorkflows({ workflowName: "CONTENT_WORKFLOW", limit: 100 }).workflows;
    return readRuns(this.ctx.storage.sql, tracked, limit);
  }

  /**
   * Runs matching a search, newest first by `(requested_at, run_id)`, a page below
   * `before` (`tenant/run-search.ts`): what `GET /api/runs` asks each tenant for.
   */
  async searchRuns(
    filter: RunSearchFilter,
    page: { limit: number; before?: RunPosition },
  ): Promise<RunView[]> {
    const sql = this.ctx.storage.sql;
    const tracked = this.getWorkflows({ workflowName: "CONTENT_WORKFLOW", limit: 100 }).workflows;
    return viewRuns(sql, tracked, searchRuns(sql, filter, page));
  }

  /**
   * One action on each of these runs through `actOnRun` / `retryRun`, or with `preview`
   * whether each run's state allows it, changing nothing (`tenant/run-bulk.ts`).
   */
  async actOnRuns(
    runIds: string[],
    action: BulkAction,
    options: { preview: boolean; reason?: string },
  ): Promise<BulkItem[]> {
    return actInBulk(this.ctx.storage.sql, runIds.slice(0, 500), action, options, {
      actOnRun: (runId, act, reason) => this.actOnRun(runId, act, reason),
      retryRun: (runId) => this.retryRun(runId),
    });
  }

  /** What this id names here (run, chain, content, event) and its chain (`tenant/lookup.ts`). */
  async lookup(id: string): Promise<LookupHit | null> {
    return lookupId(this.ctx.storage.sql, id);
  }

  /** The article published under this slug, and its chain. */
  async lookupPage(slug: string): Promise<LookupHit | null> {
    return lookupPage(this.ctx.storage.sql, slug);
  }

  /** The tenant's articles, newest first: status, word count, published URLs; `after` pages on. */
  async listContent(
    limit = 50,
    after: ContentPosition | null = null,
    q: string | null = null,
  ): Promise<ContentView[]> {
    return readContent(this.ctx.storage.sql, limit, after, q);
  }

  /** The newest research per keyword and which keywords are used: a strategy preview's input. */
  async latestResearch(limit = 50): Promise<ResearchView> {
    return readResearch(this.ctx.storage.sql, limit);
  }

  /** What waits to be sent or started (an operator's check that nothing is stuck). */
  async pendingWork(): Promise<PendingWork> {
    const sql = this.ctx.storage.sql;
    return { ...outboxStatus(sql), runs_to_start: countRequested(sql) };
  }

  /** The agent inspector: state, inbox, outbox, schedules, runs and strategy in one read. */
  async inspect(limit = 20): Promise<AgentInspection> {
    const sql = this.ctx.storage.sql;
    return {
      state: readView(sql, this.name),
      strategy: currentStrategy(sql),
      inbox: readLog(sql, { limit }),
      outbox: await this.pendingWork(),
      schedules: scheduleViews(await this.listSchedules()),
      runs: await this.listRuns(limit),
      held: readHeld(sql, 5),
    };
  }

  /** Every message, decision, run and step of one chain, in causal order. */
  async traceChain(correlationId: string): Promise<TraceEntry[]> {
    return readTrace(this.ctx.storage.sql, correlationId);
  }

  // ── workflow callbacks ──────────────────────────────────────────────────────────

  /** A run's progress; a report older than one already recorded (a replay) is ignored. */
  override async onWorkflowProgress(_name: string, workflowId: string, progress: unknown) {
    const parsed = Progress.safeParse(progress);
    if (!parsed.success) return;
    const sql = this.ctx.storage.sql;
    const at = new Date().toISOString();
    const recorded = this.ctx.storage.transactionSync(() =>
      recordProgressInOrder(sql, workflowId, progress, parsed.data, at),
    );
    if (recorded) this.live.changed();
  }

  override async onWorkflowComplete(_name: string, workflowId: string, result?: unknown) {
    const sql = this.ctx.storage.sql;
    recordStepTimes(sql, workflowId, result);
    recordRunEnd(sql, workflowId, "complete", null, new Date().toISOString());
    await this.afterChange({ pending: false, summary: true });
  }

  override async onWorkflowError(_name: string, workflowId: string, error: string) {
    const at = new Date().toISOString();
    const sql = this.ctx.storage.sql;
    recordRunEnd(sql, workflowId, "errored", error, at);
    writeMeta(
      sql,
      "last_error",
      JSON.stringify({ at, message: `run ${workflowId} failed: ${error}` }),
    );
    await this.afterChange({ pending: false, summary: true });
  }

  // ── content runs: articles and actions ───────────────────────────────────────────

  /** Stores a content run's article; `stored` is false when this run stored it already. */
  async storeArticle(article: ArticleInput): Promise<{ content_id: string; stored: boolean }> {
    const stored = insertArticle(this.ctx.storage.sql, article, new Date().toISOString());
    return { content_id: article.content_id, stored };
  }

  /** An article by content id (a reviewer reads it before approving). */
  async getArticle(contentId: string): Promise<StoredArticle | null> {
    return findArticle(this.ctx.storage.sql, contentId);
  }

  /**
   * The article under this content id if it may go live, else why not (the publisher
   * asks before publishing anything: `tenant/publish-gate.ts`).
   */
  async getPublishableArticle(contentId: string): Promise<PublishableArticle> {
    return publishableArticle(this.ctx.storage.sql, contentId);
  }

  /**
   * A run's article is ready: `content.ready` and `content.publish` go to the outbox
   * with the decision that sends them, in one transaction, then are flushed. Asked
   * again for the same run, it sends nothing more. A run that was rejected or cancelled,
   * or needs an approval the agent has not recorded, sends nothing and says why.
   */
  async recordContentReady(
    ready: ContentReady,
  ): Promise<{ content_id: string; emitted: number; refused?: string }> {
    const sql = this.ctx.storage.sql;
    const refused = publishRefusal(sql, ready.run_id);
    if (refused) return { content_id: ready.content_id, emitted: 0, refused };
    const messages = this.ctx.storage.transactionSync(() =>
      readyAndPublish(sql, this.name, ready, new Date()),
    );
    if (messages.length > 0) await this.afterChange({ pending: true, summary: true });
    return { content_id: ready.content_id, emitted: messages.length };
  }

  /** Records a run's permanent failure as a `workflow.failed` event, once per run. */
  async recordRunFailed(failure: RunFailure): Promise<{ emitted: boolean }> {
    const sql = this.ctx.storage.sql;
    const message = this.ctx.storage.transactionSync(() =>
      recordFailure(sql, this.name, failure, new Date()),
    );
    if (message) await this.afterChange({ pending: true, summary: true });
    return { emitted: message !== null };
  }

  /**
   * Approves or rejects a run's article while the run waits for approval, or cancels a
   * run that has not finished. A cancelled run ends as `terminated` and gives its
   * keyword back; an approval or rejection is reported by the run itself. The first
   * action on a run is its decision: any later one is refused with what was decided.
   */
  async actOnRun(runId: string, action: RunAction, reason?: string): Promise<RunActionResult> {
    const sql = this.ctx.storage.sql;
    const note = reason ?? `${PAST[action]} over the API`;
    // Checked and recorded before the first await: an action arriving meanwhile is refused.
    const refused = claimDecision(
      sql,
      readRun(sql, runId),
      runId,
      action,
      note,
      new Date().toISOString(),
    );
    if (refused) return refused;
    try {
      if (action === "approve") {
        await this.approveWorkflow(runId, { reason: note, metadata: { reason: note } });
      } else if (action === "reject") await this.rejectWorkflow(runId, { reason: note });
      else if (this.getWorkflow(runId)) await this.terminateWorkflow(runId);
    } catch (error) {
      // The engine refuses an action on a run that has just finished: nothing was decided.
      releaseDecision(sql, runId, action);
      return {
        ok: false,
        status: 409,
        detail: `Run ${runId} cannot be ${action}d: ${String(error)}`,
      };
    }
    const at = new Date().toISOString();
    // The run's own reports name only the bare reason; the run's record says what happened.
    if (action === "cancel") recordRunEnd(sql, runId, "terminated", `cancelled: ${note}`, at);
    if (action === "reject") recordRunEnd(sql, runId, "errored", `rejected: ${note}`, at);
    await this.afterChange({ pending: false, summary: true });
    return { ok: true, run_id: runId, action, status: readRun(sql, runId)?.status ?? "unknown" };
  }

  /**
   * Retries a run that failed, or was cancelled or rejected: a new run with the same
   * input, linked to it (`retry_of`), started at once. Refused (409) for a run still
   * going or already retried.
   */
  async retryRun(runId: string): Promise<RetryResult & { status_now?: string }> {
    const sql = this.ctx.storage.sql;
    const result = requestRetry(sql, runId, new Date().toISOString());
    if (!result.ok) return result;
    await this.startRequestedRuns();
    await this.afterChange({ pending: false, summary: true });
    return { ...result, status_now: readRun(sql, result.run_id)?.status ?? "requested" };
  }

  /**
   * Restarts a run that ended from one of its steps, keeping the stored results of the
   * steps before it (`tenant/run-restart.ts`): the agent's record first, then the
   * workflow engine's `restart({ from })` (the SDK's `restartWorkflow` cannot name a
   * step). 400 for a name that is no step, 404 for an unknown run, 409 for a run still
   * going, a step it never reached, or a restart the engine refused (nothing changed).
   */
  async restartRun(
    runId: string,
    from: string,
  ): Promise<
    | { ok: true; run_id: string; from: string; kept: string[]; restarts: number; status: string }
    | RestartRefusal
  > {
    const sql = this.ctx.storage.sql;
    const plan = planRestart(sql, runId, from);
    if (!plan.ok) return plan;
    // Recorded before the first await: a second restart meanwhile finds the run under way.
    const snapshot = this.ctx.storage.transactionSync(() =>
      recordRestart(sql, plan, new Date().toISOString()),
    );
    try {
      const instance = await this.env.CONTENT_WORKFLOW.get(runId);
      await instance.restart({
        from: { name: plan.from, type: plan.from === APPROVAL_STEP ? "waitForEvent" : "do" },
      });
    } catch (error) {
      this.ctx.storage.transactionSync(() => undoRestart(sql, snapshot));
      return {
        ok: false,
        status: 409,
        detail: `The workflow engine did not restart run ${runId} from "${plan.from}": ${String(error)}`,
      };
    }
    await this.afterChange({ pending: false, summary: true });
    const run = readRun(sql, runId);
    return {
      ok: true,
      run_id: runId,
      from: plan.from,
      kept: plan.kept,
      restarts: run?.restarts ?? 1,
      status: run?.status ?? "started",
    };
  }

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
  private async hasPendingFlush(): Promise<boolean> {
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
        console.error(
          JSON.stringify({ level: "warn", msg: "run not woken", run: runId, error: String(error) }),
        );
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
      console.error(
        JSON.stringify({
          level: "warn",
          msg: "summary not sent",
          tenant: this.name,
          error: String(error),
        }),
      );
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
  private async afterChange(change: { pending: boolean; summary: boolean }) {
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
  private async scheduleSummary(): Promise<void> {
    if (this.summaryScheduled) return;
    await this.schedule(SUMMARY_SECONDS, "sendSummary", undefined, { idempotent: true });
    this.summaryScheduled = true;
  }

  /**
   * Tells the OpsAgent the strategy settings the route table's predicates read
   * (`social_enabled`): routing looks them up there once per batch for all tenants. A
   * failure is logged; the platform sweep pushes them again.
   */
  private async pushRoutingSettings(strategy: Strategy): Promise<void> {
    try {
      const ops = this.env.OPS_AGENT.getByName(OPS_AGENT_NAME);
      await ops.setTenantSettings(this.name, { social_enabled: strategy.social_enabled });
    } catch (error) {
      console.error(
        JSON.stringify({
          level: "warn",
          msg: "routing settings not pushed",
          tenant: this.name,
          error: String(error),
        }),
      );
    }
  }

  /** Keeps one cycle schedule on `cron`; none at all for null or an archived tenant. */
  private async reconcileSchedule(cron: string | null): Promise<void> {
    const archived = readHold(this.ctx.storage.sql)?.status === "archived";
    const { cancel, create } = reconcileCycleSchedules(
      this.getSchedules({ type: "cron" }),
      archived ? null : cron,
    );
    for (const id of cancel) await this.cancelSchedule(id);
    if (create && cron !== null && !archived) await this.schedule(cron, CYCLE_CALLBACK);
  }

  private publishState(): void {
    this.setState(readView(this.ctx.storage.sql, this.name));
  }
}

function fieldErrors(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldError[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: issue.message,
  }));
}
