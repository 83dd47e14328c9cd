import { Agent, type Connection, type ConnectionContext } from "agents";
import type { TenantSettings } from "../events";
import {
  type AuditEntry,
  type AuditFilter,
  type AuditInput,
  appendAudit,
  readAudit,
} from "./ops/audit";
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
import { opsMigrations } from "./ops/schema";
import { readSeries, recordSeries, type SeriesRow } from "./ops/series";
import {
  appendActivity,
  mergeTotals,
  readActivity,
  readSummaries,
  storeSummary,
  summaryCalls,
} from "./ops/summaries";
import { readTenantSettings, writeTenantSettings } from "./ops/tenant-settings";
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
import { chunksOf, placeholders } from "./shared/chunks";
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
      .exec<TenantRow>("SELECT id, name, created_at FROM tenants WHERE id = ?", input.id)
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
        .exec<TenantRow>("SELECT id, name, created_at FROM tenants ORDER BY id")
        .toArray(),
    );
  }

  async getTenant(id: string): Promise<TenantSummary | null> {
    this.outage.refuse();
    const rows = this.ctx.storage.sql
      .exec<TenantRow>("SELECT id, name, created_at FROM tenants WHERE id = ?", id)
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
  ): Promise<void> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      storeSummary(sql, tenantId, summary);
      appendActivity(sql, tenantId, activity);
    });
    await this.schedule(1, "publishLive", undefined, { idempotent: true });
  }

  /** The tenants' activity lines, newest first (the last 200 at most). */
  async listActivity(limit = 200): Promise<ActivityItem[]> {
    this.outage.refuse();
    return readActivity(this.ctx.storage.sql, limit);
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

  /** Of the given ids, the ones no tenant is registered under (one index read per 100). */
  async unknownTenants(ids: string[]): Promise<string[]> {
    this.outage.refuse();
    const unique = [...new Set(ids)];
    const known = new Set(
      chunksOf(unique).flatMap((ids) =>
        this.ctx.storage.sql
          .exec<{ id: string }>(
            `SELECT id FROM tenants WHERE id IN (${placeholders(ids.length)})`,
            ...ids,
          )
          .toArray()
          .map((row) => row.id),
      ),
    );
    return unique.filter((id) => !known.has(id));
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
    this.ctx.storage.transactionSync(() => {
      for (const report of flush.reports) {
        recordReport(sql, report, at);
        recordSeries(sql, report, now.getTime());
      }
      tenantsChanged = mergeTotals(sql, flush.tenants, now);
      addToMeter(sql, flush.meter);
      if (flush.feed) feedAdded = appendToFeed(sql, flush.feed, at);
      // Everything this object did since the last flush: this flush, summaries, the
      // registry, schedules and alarms (what this adds is counted at the next flush).
      const own = this.meter.take();
      addToMeter(sql, { ...usageToMeter(own), do_requests: own.alarms });
    });
    await this.schedule(1, "publishMetrics", undefined, { idempotent: true });
    if (tenantsChanged > 0) await this.schedule(1, "publishLive", undefined, { idempotent: true });
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
      dead_letters: countDeadLetters(sql),
      feed_head: feedHead(sql),
      activity: readActivity(sql, ACTIVITY_IN_STATE),
    });
  }
}
