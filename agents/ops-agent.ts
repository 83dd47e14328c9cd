import { Agent, type Connection, type ConnectionContext } from "agents";
import type { TenantSettings } from "../events";
import { evaluateRules } from "./ops/alerts/evaluate";
import { type AlertEvent, type AlertEventFilter, readEvents } from "./ops/alerts/events";
import { recordFailedRuns } from "./ops/alerts/failed-runs";
import type { AlertRuleInput } from "./ops/alerts/kinds";
import { deleteRule, type PutRuleResult, putRule } from "./ops/alerts/manage";
import {
  type AlertDelivery,
  DEFAULT_RETRY_BASE_MS,
  type DeliveryStatus,
  deliverDue,
  listDeliveries,
  type PassResult,
  type RedriveOutcome,
  redriveDelivery,
} from "./ops/alerts/outbox";
import { type AlertsOverview, readOverview } from "./ops/alerts/overview";
import { countRules } from "./ops/alerts/rules";
import {
  type AlertScheduling,
  DEFAULT_EVALUATE_SECONDS,
  DELIVER_CALLBACK,
  EVALUATE_CALLBACK,
  positiveVar,
  reconcileEvaluation,
  wakeOutboxAt,
} from "./ops/alerts/schedules";
import { fetchSender } from "./ops/alerts/sender";
import {
  type AlertWebhook,
  createWebhook,
  deleteWebhook,
  listWebhooks,
  MAX_WEBHOOKS,
} from "./ops/alerts/webhooks";
import {
  type AuditEntry,
  type AuditFilter,
  type AuditInput,
  appendAudit,
  readAudit,
} from "./ops/audit";
import { type BudgetStatus, budgetStatus } from "./ops/budget-status";
import {
  BUDGET_CHECK_CRON,
  evaluateBudgets,
  judgeFlushBudgets,
  readBudgetStatuses,
  syncHolds,
  writeBudget,
} from "./ops/budgets";
import { ALL_SCOPE, type DeadLetterCounts, readCounts, scopeOf } from "./ops/dead-letter-counts";
import { DEAD_LETTER_PRUNE_CRON } from "./ops/dead-letter-policy";
import {
  countDeadLetters,
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterInput,
  type DeadLetterPosition,
  type DeadLetterStoreResult,
  deleteDeadLetter,
  listDeadLetters,
  pruneDeadLetters,
  type RefusedLetter,
  removeRedriven,
  selectForRedrive,
  storeDeadLetter,
} from "./ops/dead-letters";
import { appendToFeed, type FeedEntry, feedHead, readFeed } from "./ops/feed";
import { findLetter, type LetterHit } from "./ops/letter-lookup";
import {
  addToMeter,
  type BatchReport,
  emptyMeter,
  type MetricsFlush,
  type MetricsSnapshot,
  readMetrics,
  readRouteHits,
  recordReport,
  usageToMeter,
} from "./ops/metrics";
import { MAX_OUTAGE_SECONDS, OPS_UNAVAILABLE, Outage, type OutageState } from "./ops/outage";
import { quotaRefusalsSince, recordQuotaRefusals } from "./ops/quota-refusals";
import { opsMigrations } from "./ops/schema";
import { readSeries, recordSeries, type SeriesRow } from "./ops/series";
import {
  type ActivityFilter,
  appendActivity,
  mergeTotals,
  readActivity,
  readSummaries,
  storeSummary,
  summaryCalls,
} from "./ops/summaries";
import { readTenantRollup, type TenantRollup } from "./ops/tenant-rollup";
import { readTenantSettings, writeTenantSettings } from "./ops/tenant-settings";
import {
  readTenantPage,
  registryStatus,
  TENANT_COLUMNS,
  type TenantPageQuery,
  type TenantStatusChange,
  writeTenantStatus,
} from "./ops/tenant-status";
import {
  ACTIVITY_IN_STATE,
  type ActivityEntry,
  type ActivityItem,
  initialOpsState,
  type OpsState,
  type TenantCounters,
  type TenantSummary,
} from "./ops-state";
import { checkForwardedCaller } from "./shared/caller";
import { migrate } from "./shared/migrations";
import { closeExpired, keepCaller } from "./shared/socket-expiry";
import { meterSql, type SqlUsage } from "./shared/sql-meter";
import { StorageMeter } from "./shared/storage-meter";

/**
 * The one operator agent, named "main": tenant registry, tenant settings for routing,
 * dead-letter store, queue metrics and the billable-operation meter, route-table hit
 * counts, a bounded live feed of platform events, and the tenants' coalesced summaries
 * with their activity lines. Table logic lives in `ops/`; this is the RPC shell.
 */
type TenantRow = Omit<TenantSummary, "summary">;

export class OpsAgent extends Agent<Env, OpsState> {
  override initialState = initialOpsState;

  /**
   * Every row and alarm of this object (SDK included), added to the platform's meter at
   * each metrics flush. Calls whose rows their callers meter run `uncounted`.
   */
  private readonly meter: StorageMeter;
  /** The outage drill: while it lasts, every call but its own controls is refused. */
  private readonly outage: Outage;

  constructor(ctx: DurableObjectState, env: Env) {
    const meter = new StorageMeter(ctx.storage);
    super(ctx, env);
    this.meter = meter;
    migrate(ctx.storage, opsMigrations);
    this.outage = new Outage(ctx.storage.kv);
  }

  /** Starts the outage drill for `seconds` (`PUT /api/ops-agent/outage`). */
  async startOutage(seconds: number): Promise<OutageState> {
    return this.outage.start(Math.min(Math.max(1, seconds), MAX_OUTAGE_SECONDS));
  }

  async endOutage(): Promise<OutageState> {
    return this.outage.end();
  }

  async outageState(): Promise<OutageState> {
    return this.outage.state();
  }

  /** On every wake: the alert evaluation's schedule matches the rules and the interval. */
  override async onStart(): Promise<void> {
    await this.reconcileAlertEvaluation();
  }

  override async alarm(): Promise<void> {
    this.meter.alarmRan();
    await super.alarm();
  }

  override shouldConnectionBeReadonly(): boolean {
    return true;
  }

  /** Operators only, as the Worker's gate established (docs/SECURITY.md). */
  override async fetch(request: Request): Promise<Response> {
    const down = this.outage.state().unavailable_until;
    if (down !== null) return new Response(`${OPS_UNAVAILABLE} until ${down}`, { status: 503 });
    const check = checkForwardedCaller(request, (caller) => caller.role === "operator");
    return check.ok ? super.fetch(request) : check.response;
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

  /** Registers a tenant; `created` is false when the id was already taken. */
  async createTenant(input: {
    id: string;
    name: string;
  }): Promise<{ created: boolean; tenant: TenantSummary }> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const createdAt = new Date().toISOString();
    const written = sql.exec(
      "INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING",
      input.id,
      input.name,
      createdAt,
    ).rowsWritten;
    const tenant = sql
      .exec<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = ?`, input.id)
      .one();
    if (written > 0) this.publish({ tenantsChanged: true });
    return {
      created: written > 0,
      tenant: this.withSummaries([tenant])[0] ?? { ...tenant, summary: null },
    };
  }

  /** Every tenant with the latest summary its agent sent (null before the first). */
  async listTenants(): Promise<TenantSummary[]> {
    this.outage.refuse();
    return this.withSummaries(
      this.ctx.storage.sql
        .exec<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants ORDER BY id`)
        .toArray(),
    );
  }

  /**
   * A page of tenants, by id, with their summaries and this month's spend against their
   * budget: those after `after`, matching `q` (a piece of the id or name, any case) and
   * `status`, at most `limit`.
   */
  async listTenantsWithSpend(
    page: TenantPageQuery = {},
    nowMs = Date.now(),
  ): Promise<(TenantSummary & { spend: BudgetStatus })[]> {
    this.outage.refuse();
    const tenants = this.withSummaries(readTenantPage(this.ctx.storage.sql, page));
    const spend = readBudgetStatuses(
      this.ctx.storage.sql,
      tenants.map((t) => t.id),
      nowMs,
    );
    return tenants.map((t) => ({
      ...t,
      spend: spend.get(t.id) ?? budgetStatus(null, undefined, nowMs),
    }));
  }

  /** Requests refused for each tenant's quota over the last `minutes`. */
  async quotaRefusals(minutes = 5, nowMs = Date.now()): Promise<Record<string, number>> {
    return Object.fromEntries(quotaRefusalsSince(this.ctx.storage.sql, minutes, nowMs));
  }

  /** A tenant's spend this month against its budget (the figures of an unknown id are zero). */
  async tenantBudget(id: string, nowMs = Date.now()): Promise<BudgetStatus> {
    this.outage.refuse();
    return (
      readBudgetStatuses(this.ctx.storage.sql, [id], nowMs).get(id) ??
      budgetStatus(null, undefined, nowMs)
    );
  }

  /**
   * Sets (or, with null, removes) a tenant's monthly budget, judges its spend against it
   * at once and tells its agent to hold or release new runs before answering. Null for
   * an unknown tenant. Only a test passes the time.
   */
  async setTenantBudget(
    id: string,
    budget: { monthly_usd: number; pause_runs: boolean } | null,
    by: string | null,
    nowMs = Date.now(),
  ): Promise<BudgetStatus | null> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    if (sql.exec("SELECT 1 FROM tenants WHERE id = ?", id).toArray().length === 0) return null;
    const at = new Date(nowMs).toISOString();
    this.ctx.storage.transactionSync(() => {
      writeBudget(sql, id, budget && { ...budget, updated_at: at, updated_by: by });
      evaluateBudgets(sql, nowMs, [id]);
    });
    // Budgets set in a month with no traffic are judged again each hour (a new month
    // releases the runs a spent budget held). Cron schedules are idempotent.
    await this.schedule(BUDGET_CHECK_CRON, "checkBudgets");
    await this.syncBudgetHolds(undefined, nowMs);
    this.publish({ summariesChanged: true });
    return this.tenantBudget(id, nowMs);
  }

  /** Judges every budgeted tenant's spend (the hourly schedule). Only a test passes the time. */
  async checkBudgets(_payload?: unknown, nowMs?: unknown): Promise<number> {
    const now = typeof nowMs === "number" ? nowMs : Date.now();
    const sql = this.ctx.storage.sql;
    const { crossed } = this.ctx.storage.transactionSync(() => evaluateBudgets(sql, now));
    await this.syncBudgetHolds(undefined, now);
    if (crossed.length > 0) this.publish({ summariesChanged: true });
    return crossed.length;
  }

  /**
   * Tells each tenant's agent whose runs should be held (or released) and has not been
   * told. A failed call is tried again in 30 s; the agent's hold is idempotent.
   */
  async syncBudgetHolds(_payload?: unknown, nowMs?: unknown): Promise<void> {
    // A schedule passes its payload and itself; only a caller with an injected clock the time.
    const now = typeof nowMs === "number" ? nowMs : Date.now();
    const failed = await syncHolds(this.ctx.storage.sql, now, (id, hold) =>
      this.env.TENANT_AGENT.getByName(id).holdNewRuns(hold),
    );
    if (failed > 0) await this.schedule(30, "syncBudgetHolds", undefined, { idempotent: true });
  }

  async getTenant(id: string): Promise<TenantSummary | null> {
    this.outage.refuse();
    const rows = this.ctx.storage.sql
      .exec<TenantRow>(`SELECT ${TENANT_COLUMNS} FROM tenants WHERE id = ?`, id)
      .toArray();
    return this.withSummaries(rows)[0] ?? null;
  }

  /**
   * A tenant agent's coalesced report: its counters and the activity lines since its
   * last report, in one transaction. The live state follows at most once a second.
   */
  async recordSummary(
    tenantId: string,
    summary: TenantCounters,
    activity: ActivityEntry[],
    nowMs = Date.now(),
  ): Promise<void> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      storeSummary(sql, tenantId, summary);
      appendActivity(sql, tenantId, activity);
      recordFailedRuns(sql, tenantId, summary.runs_failed, nowMs);
    });
    await this.schedule(1, "publishLive", undefined, { idempotent: true });
  }

  /** The tenants' activity lines, newest first (the table keeps the last 200), filtered; `before` pages on. */
  async listActivity(limit = 200, filter: ActivityFilter = {}): Promise<ActivityItem[]> {
    this.outage.refuse();
    return readActivity(this.ctx.storage.sql, limit, filter);
  }

  /** How many summary calls a tenant's agent has made (coalescing keeps it low). */
  async summaryCalls(tenantId: string): Promise<number> {
    this.outage.refuse();
    return summaryCalls(this.ctx.storage.sql, tenantId);
  }

  /** Publishes the summaries' version and the newest activity to the dashboards. */
  async publishLive(): Promise<void> {
    this.publish({ summariesChanged: true });
  }

  /**
   * Of the given ids, the unregistered and the archived ones: what the isolates' registry
   * cache asks (worker/routing/tenant-registry.ts), one index read per 100.
   */
  async tenantRegistryStatus(ids: string[]): Promise<{ unknown: string[]; archived: string[] }> {
    this.outage.refuse();
    return registryStatus(this.ctx.storage.sql, ids);
  }

  /** Marks a tenant active, paused or archived (ops/tenant-status.ts); null if unknown. */
  async setTenantStatus(id: string, change: TenantStatusChange): Promise<TenantSummary | null> {
    this.outage.refuse();
    if (!writeTenantStatus(this.ctx.storage.sql, id, change)) return null;
    this.publish({ tenantsChanged: true });
    return this.getTenant(id);
  }

  /**
   * The next page of tenant ids for the platform sweep, in id order, wrapping around at
   * the end. Keyset paging keeps each call one index range read however many tenants.
   */
  async nextSweepPage(limit: number): Promise<string[]> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const after =
      sql.exec<{ after: string }>("SELECT after FROM sweep_cursor WHERE id = 1").toArray()[0]
        ?.after ?? "";
    let ids = sql
      .exec<{ id: string }>("SELECT id FROM tenants WHERE id > ? ORDER BY id LIMIT ?", after, limit)
      .toArray()
      .map((row) => row.id);
    if (ids.length === 0 && after !== "") {
      ids = sql
        .exec<{ id: string }>("SELECT id FROM tenants ORDER BY id LIMIT ?", limit)
        .toArray()
        .map((row) => row.id);
    }
    const next = ids.length < limit ? "" : (ids.at(-1) ?? "");
    sql.exec(
      "INSERT INTO sweep_cursor (id, after) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET after = excluded.after",
      next,
    );
    return ids;
  }

  /** Records one action in the audit log (ops/audit.ts); returns its sequence number. */
  async recordAudit(entry: AuditInput): Promise<number> {
    this.outage.refuse();
    return appendAudit(this.ctx.storage.sql, entry);
  }

  /** The audit log, newest first, filtered by actor, action and tenant, a page at a time. */
  async listAudit(filter: AuditFilter): Promise<AuditEntry[]> {
    this.outage.refuse();
    return readAudit(this.ctx.storage.sql, filter);
  }

  /** Routing settings of the registered tenants among `ids` (unregistered ids are left out). */
  async tenantSettings(
    ids: string[],
  ): Promise<{ settings: Record<string, TenantSettings>; usage: SqlUsage }> {
    this.outage.refuse();
    // The fan-out meters these rows; they are left out of this object's own count.
    return this.meter.uncounted(() => {
      const metered = meterSql(this.ctx.storage.sql);
      const settings = readTenantSettings(metered.sql, ids);
      return { settings, usage: metered.usage() };
    });
  }

  /** Changes a tenant's routing settings; null when the tenant is not registered. */
  async setTenantSettings(
    id: string,
    patch: Partial<TenantSettings>,
  ): Promise<TenantSettings | null> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const current = readTenantSettings(sql, [id])[id];
    if (!current) return null;
    const next = { ...current, ...patch };
    writeTenantSettings(sql, id, next, new Date().toISOString());
    return next;
  }

  /** Adds one consumer batch's metrics, billable operations and rule hits (one report). */
  async recordConsumerBatch(report: BatchReport): Promise<void> {
    this.outage.refuse();
    await this.recordMetrics({ reports: [report], meter: emptyMeter(), tenants: [] });
  }

  /**
   * What one Worker isolate counted since its last flush (at most one call a second from
   * each): consumer batch reports merged per queue, the ingest path's billable
   * operations, and the applied/duplicate totals of the tenants the fan-out reached (one
   * pending row, folded into the summaries about once a minute). One transaction; the
   * rows it reads and writes are metered too. Only a test passes the time.
   */
  async recordMetrics(flush: MetricsFlush, nowMs = Date.now()): Promise<void> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const now = new Date(nowMs);
    const at = now.toISOString();
    let tenantsChanged = 0;
    let feedAdded = 0;
    let budgetsChanged = 0;
    this.ctx.storage.transactionSync(() => {
      for (const report of flush.reports) {
        recordReport(sql, report, at);
        recordSeries(sql, report, now.getTime());
      }
      tenantsChanged = mergeTotals(sql, flush.tenants, now);
      budgetsChanged = judgeFlushBudgets(sql, flush.tenants, now.getTime());
      if (flush.quota_refusals) recordQuotaRefusals(sql, flush.quota_refusals, now.getTime());
      addToMeter(sql, flush.meter);
      if (flush.feed) feedAdded = appendToFeed(sql, flush.feed, at);
      // Everything this object did since the last flush: this flush, summaries, the
      // registry, schedules and alarms (what this adds is counted at the next flush).
      const own = this.meter.take();
      addToMeter(sql, { ...usageToMeter(own), do_requests: own.alarms });
    });
    await this.schedule(1, "publishMetrics", undefined, { idempotent: true });
    if (tenantsChanged > 0) await this.schedule(1, "publishLive", undefined, { idempotent: true });
    if (budgetsChanged > 0)
      await this.schedule(0, "syncBudgetHolds", undefined, { idempotent: true });
    if (feedAdded > 0) this.publish({});
  }

  /** Tells the dashboards that the metrics changed (the coalesced schedule's callback). */
  async publishMetrics(): Promise<void> {
    this.publish({ metricsChanged: true });
  }

  async readMetrics(): Promise<MetricsSnapshot> {
    this.outage.refuse();
    return readMetrics(this.ctx.storage.sql);
  }

  /**
   * What `GET /metrics` reads, in one call: the queue metrics and the meter, and the
   * tenants' summaries rolled up with the top `topTenants` by applied events named
   * (ops/tenant-rollup.ts).
   */
  async readScrape(
    topTenants: number,
  ): Promise<{ metrics: MetricsSnapshot; tenants: TenantRollup }> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    return { metrics: readMetrics(sql), tenants: readTenantRollup(sql, topTenants) };
  }

  /** The metrics over time, per queue and 10-second bucket, from `sinceBucket` (Unix seconds) on. */
  async readMetricsSeries(sinceBucket: number): Promise<SeriesRow[]> {
    this.outage.refuse();
    return readSeries(this.ctx.storage.sql, sinceBucket);
  }

  async routeHits(): Promise<{ rule: string; hits: number; last_hit_at: string }[]> {
    this.outage.refuse();
    return readRouteHits(this.ctx.storage.sql);
  }

  /** Adds platform events to the live feed (one call per batch); returns how many were new. */
  async appendFeed(entries: FeedEntry[]): Promise<{ added: number; usage: SqlUsage }> {
    this.outage.refuse();
    // The fan-out meters these rows; they are left out of this object's own count.
    const metered = meterSql(this.ctx.storage.sql);
    const added = this.meter.uncounted(() =>
      this.ctx.storage.transactionSync(() =>
        appendToFeed(metered.sql, entries, new Date().toISOString()),
      ),
    );
    const usage = metered.usage();
    if (added > 0) this.publish({});
    return { added, usage };
  }

  async listFeed(limit = 50): Promise<FeedEntry[]> {
    this.outage.refuse();
    return readFeed(this.ctx.storage.sql, Math.min(Math.max(1, limit), 200));
  }

  /**
   * Stores a batch of dead letters, each in its own transaction with its counters: a
   * letter that cannot be stored fails alone (its error is answered) and its batch-mates
   * are stored. Letters evicted over a tenant's quota are answered for the caller to log.
   */
  async recordDeadLetters(
    letters: (DeadLetterInput & { id: string })[],
  ): Promise<{ results: DeadLetterStoreResult[]; usage: SqlUsage }> {
    this.outage.refuse();
    // The dead-letter consumer meters these rows; they are left out of this object's own count.
    const metered = meterSql(this.ctx.storage.sql);
    const results = this.meter.uncounted(() =>
      letters.map((letter): DeadLetterStoreResult => {
        try {
          const stored = this.ctx.storage.transactionSync(() =>
            storeDeadLetter(metered.sql, letter, letter.id),
          );
          return { id: letter.id, stored: true, ...stored };
        } catch (error) {
          return { id: letter.id, stored: false, error: String(error) };
        }
      }),
    );
    const usage = metered.usage();
    if (results.some((r) => r.stored)) this.publish({});
    if (results.some((r) => r.stored && r.inserted)) {
      try {
        // Cron schedules are idempotent: this keeps the one daily prune.
        await this.schedule(DEAD_LETTER_PRUNE_CRON, "pruneDeadLetters");
      } catch (error) {
        // The letters are stored; the prune is scheduled again with the next new one.
        console.error(
          JSON.stringify({
            level: "error",
            msg: "dead-letter prune not scheduled",
            error: String(error),
          }),
        );
      }
    }
    return { results, usage };
  }

  /**
   * Removes letters past their retention (the daily schedule), counting and logging
   * each. A schedule calls this with its (empty) payload; only a number moves the clock.
   */
  async pruneDeadLetters(now?: number): Promise<number> {
    this.outage.refuse();
    const at = typeof now === "number" ? now : Date.now();
    let removed = 0;
    for (;;) {
      const expired = this.ctx.storage.transactionSync(() =>
        pruneDeadLetters(this.ctx.storage.sql, at, 500),
      );
      for (const letter of expired) {
        console.error(JSON.stringify({ level: "warn", msg: "dead letter expired", ...letter }));
      }
      removed += expired.length;
      if (expired.length < 500) break;
    }
    if (removed > 0) this.publish({});
    return removed;
  }

  /** Dead letters matching the filter, newest first: up to `limit`, after `after` when given. */
  async listDeadLetters(
    query: DeadLetterFilter & { limit: number; after?: DeadLetterPosition },
  ): Promise<DeadLetter[]> {
    this.outage.refuse();
    const { limit, after, ...filter } = query;
    return listDeadLetters(this.ctx.storage.sql, filter, { limit, after });
  }

  /** A dead letter by its id or its message's event id, in `tenant`'s letters when given. */
  async findLetter(id: string, tenant?: string): Promise<LetterHit | null> {
    this.outage.refuse();
    return findLetter(this.ctx.storage.sql, id, tenant);
  }

  /** The store's counters (letters held, evicted, expired): one tenant's, or the whole store's. */
  async deadLetterCounts(tenant?: string): Promise<DeadLetterCounts> {
    this.outage.refuse();
    return readCounts(this.ctx.storage.sql, tenant === undefined ? ALL_SCOPE : scopeOf(tenant));
  }

  /**
   * The letters a redrive will send, oldest first: by id (reporting missing ids) or by
   * filter; letters past the redrive horizon are refused with the reason.
   */
  async deadLettersForRedrive(
    selection: { ids: string[] } | { filter: DeadLetterFilter; limit: number },
  ): Promise<{ letters: DeadLetter[]; missing: string[]; refused: RefusedLetter[] }> {
    this.outage.refuse();
    return selectForRedrive(this.ctx.storage.sql, selection, Date.now());
  }

  /** Removes redriven letters that were not stored again meanwhile; returns the removed ids. */
  async removeRedriven(sent: { id: string; version: number }[]): Promise<string[]> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const removed = this.ctx.storage.transactionSync(() => removeRedriven(sql, sent, Date.now()));
    if (removed.length > 0) this.publish({});
    return removed;
  }

  /** Deletes one dead letter (an operator's decision); false when there is none. */
  async deleteDeadLetter(id: string): Promise<boolean> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const deleted = this.ctx.storage.transactionSync(() => deleteDeadLetter(sql, id));
    if (deleted) this.publish({});
    return deleted;
  }

  // Alerts (ops/alerts/): rules as data, evaluated on a schedule, each firing and
  // resolving delivered to every webhook from the outbox, signed and retried.

  /** The rules with their states, recent events, kinds and delivery counts. */
  async listAlerts(): Promise<AlertsOverview> {
    this.outage.refuse();
    return readOverview(this.ctx.storage.sql, {
      evaluate_every_seconds: this.alertEvaluateSeconds(),
      retry_base_ms: this.alertRetryBaseMs(),
    });
  }

  /** Creates or replaces a rule (disabling a firing one resolves it). Only a test passes the time. */
  async putAlertRule(
    id: string,
    input: AlertRuleInput,
    nowMs = Date.now(),
  ): Promise<PutRuleResult> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const result = this.ctx.storage.transactionSync(() => putRule(sql, id, input, nowMs));
    await this.reconcileAlertEvaluation();
    if (result.ok && result.events.length > 0) await this.alertsChanged(nowMs);
    return result;
  }

  /** Deletes a rule (resolving what it had firing); false when there is none. */
  async deleteAlertRule(id: string, nowMs = Date.now()): Promise<boolean> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const { deleted, events } = this.ctx.storage.transactionSync(() => deleteRule(sql, id, nowMs));
    await this.reconcileAlertEvaluation();
    if (events.length > 0) await this.alertsChanged(nowMs);
    return deleted;
  }

  /**
   * Evaluates every enabled rule (the interval schedule's callback), then sends what the
   * transitions made. A schedule passes its payload; only a test passes the time.
   */
  async evaluateAlerts(_payload?: unknown, now?: unknown): Promise<number> {
    this.outage.refuse();
    const nowMs = typeof now === "number" ? now : Date.now();
    const sql = this.ctx.storage.sql;
    const events = this.ctx.storage.transactionSync(() => evaluateRules(sql, nowMs));
    if (events.length > 0) await this.alertsChanged(nowMs);
    return events.length;
  }

  /** Sends the deliveries that are due (the outbox's wake), then sets the next wake. */
  async deliverAlerts(_payload?: unknown, now?: unknown): Promise<PassResult> {
    this.outage.refuse();
    const nowMs = typeof now === "number" ? now : Date.now();
    const sql = this.ctx.storage.sql;
    const pass = await deliverDue(sql, fetchSender, nowMs, this.alertRetryBaseMs());
    if (pass.nextDueMs !== null) await wakeOutboxAt(this.alertScheduling(), pass.nextDueMs, nowMs);
    if (pass.delivered + pass.dead > 0) this.publish({ alertsChanged: true });
    return pass;
  }

  /** Adds a webhook; its signing secret is answered here only. */
  async createAlertWebhook(url: string): Promise<(AlertWebhook & { secret: string }) | null> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    if (listWebhooks(sql).length >= MAX_WEBHOOKS) return null;
    return createWebhook(sql, url, new Date().toISOString());
  }

  async listAlertWebhooks(): Promise<AlertWebhook[]> {
    this.outage.refuse();
    return listWebhooks(this.ctx.storage.sql);
  }

  /** Removes a webhook; its pending deliveries become dead. False when there is none. */
  async deleteAlertWebhook(id: string): Promise<boolean> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const at = new Date().toISOString();
    const deleted = this.ctx.storage.transactionSync(() => deleteWebhook(sql, id, at));
    if (deleted) this.publish({ alertsChanged: true });
    return deleted;
  }

  /** Alert events, newest first, of one rule or tenant or all, older than `before` when given. */
  async listAlertEvents(limit: number, filter: AlertEventFilter = {}): Promise<AlertEvent[]> {
    this.outage.refuse();
    return readEvents(this.ctx.storage.sql, limit, filter);
  }

  /** Deliveries, newest first, of one status or all, older than `before` when given. */
  async listAlertDeliveries(query: {
    status?: DeliveryStatus;
    before?: number;
    limit: number;
  }): Promise<AlertDelivery[]> {
    this.outage.refuse();
    return listDeliveries(this.ctx.storage.sql, query);
  }

  /** Gives a dead delivery a fresh set of attempts and wakes the outbox at once. */
  async redriveAlertDelivery(id: number, nowMs = Date.now()): Promise<RedriveOutcome> {
    this.outage.refuse();
    const outcome = redriveDelivery(this.ctx.storage.sql, id, nowMs);
    if (outcome === "redriven") {
      await wakeOutboxAt(this.alertScheduling(), nowMs, nowMs);
      this.publish({ alertsChanged: true });
    }
    return outcome;
  }

  /** New events: the dashboards are told, and the outbox sends them at once. */
  private async alertsChanged(nowMs: number): Promise<void> {
    this.publish({ alertsChanged: true });
    await this.deliverAlerts(undefined, nowMs);
  }

  /** One evaluation schedule while there are rules, none without. */
  private async reconcileAlertEvaluation(): Promise<void> {
    const wanted = countRules(this.ctx.storage.sql) > 0;
    await reconcileEvaluation(this.alertScheduling(), this.alertEvaluateSeconds(), wanted);
  }

  private alertScheduling(): AlertScheduling {
    return {
      list: async () => this.getSchedules(),
      cancel: (id) => this.cancelSchedule(id),
      every: (seconds) => this.scheduleEvery(seconds, EVALUATE_CALLBACK),
      at: (when) => this.schedule(when, DELIVER_CALLBACK),
    };
  }

  private alertEvaluateSeconds(): number {
    return positiveVar(this.env.ALERT_EVALUATE_SECONDS, DEFAULT_EVALUATE_SECONDS);
  }

  private alertRetryBaseMs(): number {
    return positiveVar(this.env.ALERT_RETRY_BASE_MS, DEFAULT_RETRY_BASE_MS);
  }

  private withSummaries(rows: TenantRow[]): TenantSummary[] {
    const summaries = readSummaries(
      this.ctx.storage.sql,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ ...row, summary: summaries.get(row.id) ?? null }));
  }

  /** Publishes the small state; counts are read back from the tables so they always match. */
  private publish(change: {
    tenantsChanged?: boolean;
    summariesChanged?: boolean;
    metricsChanged?: boolean;
    alertsChanged?: boolean;
  }): void {
    const sql = this.ctx.storage.sql;
    const { n } = sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM tenants").one();
    // State saved before a field existed lacks it: the initial state fills it in.
    const state = { ...initialOpsState, ...this.state };
    this.setState({
      tenant_count: n,
      tenants_version: state.tenants_version + (change.tenantsChanged ? 1 : 0),
      summaries_version: state.summaries_version + (change.summariesChanged ? 1 : 0),
      metrics_version: state.metrics_version + (change.metricsChanged ? 1 : 0),
      alerts_version: state.alerts_version + (change.alertsChanged ? 1 : 0),
      dead_letters: countDeadLetters(sql),
      feed_head: feedHead(sql),
      activity: readActivity(sql, ACTIVITY_IN_STATE),
    });
  }
}
