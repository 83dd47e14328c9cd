import type { TenantSettings } from "../../events";
import type {
  ActivityEntry,
  ActivityItem,
  TenantCounters,
  TenantSummary,
} from "../../events/ops-state";
import { meterSql, type SqlUsage } from "../../platform/sqlite/sql-meter";
import { OpsAgentBase, type TenantRow } from "./agent-base";
import { recordFailedRuns } from "./alerts/failed-runs";
import {
  type AuditEntry,
  type AuditFilter,
  type AuditInput,
  appendAudit,
  readAudit,
} from "./audit";
import { type BudgetStatus, budgetStatus } from "./budget-status";
import {
  BUDGET_CHECK_CRON,
  evaluateBudgets,
  readBudgetStatuses,
  syncHolds,
  writeBudget,
} from "./budgets";
import { quotaRefusalsSince } from "./quota-refusals";
import {
  type ActivityFilter,
  appendActivity,
  readActivity,
  storeSummary,
  summaryCalls,
} from "./summaries";
import { readTenantSettings, writeTenantSettings } from "./tenant-settings";
import {
  readTenantPage,
  registryStatus,
  TENANT_COLUMNS,
  type TenantPageQuery,
  type TenantStatusChange,
  writeTenantStatus,
} from "./tenant-status";

/**
 * The operator agent's tenants: the registry and its statuses, budgets and spend, the
 * tenants' summaries and activity, the sweep's pages, the audit log and routing settings.
 */
export abstract class OpsAgentTenants extends OpsAgentBase {
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
}
