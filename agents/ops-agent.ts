import { Agent } from "agents";
import {
  type DeadLetter,
  type DeadLetterInput,
  listDeadLetters,
  storeDeadLetter,
} from "./ops/dead-letters";
import { opsMigrations } from "./ops/schema";
import { appendFeed, readFeed, readSummaries, storeSummary, summaryCalls } from "./ops/summaries";
import {
  FEED_IN_STATE,
  type FeedEntry,
  type FeedItem,
  initialOpsState,
  type OpsState,
  type TenantCounters,
  type TenantSummary,
} from "./ops-state";
import { migrate } from "./shared/migrations";

type TenantRow = Omit<TenantSummary, "summary">;

/**
 * The one operator agent, named "main": tenant registry, the tenants' coalesced
 * summaries, the bounded live feed, and the dead-letter store.
 */
export class OpsAgent extends Agent<Env, OpsState> {
  override initialState = initialOpsState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, opsMigrations);
  }

  override shouldConnectionBeReadonly(): boolean {
    return true;
  }

  /** Registers a tenant; `created` is false when the id was already taken. */
  async createTenant(input: {
    id: string;
    name: string;
  }): Promise<{ created: boolean; tenant: TenantSummary }> {
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
    if (written > 0) this.publishRegistryChange();
    return {
      created: written > 0,
      tenant: this.withSummaries([tenant])[0] ?? { ...tenant, summary: null },
    };
  }

  /** Every tenant with the latest summary its agent sent (null before the first). */
  async listTenants(): Promise<TenantSummary[]> {
    return this.withSummaries(
      this.ctx.storage.sql
        .exec<TenantRow>("SELECT id, name, created_at FROM tenants ORDER BY id")
        .toArray(),
    );
  }

  async getTenant(id: string): Promise<TenantSummary | null> {
    const rows = this.ctx.storage.sql
      .exec<TenantRow>("SELECT id, name, created_at FROM tenants WHERE id = ?", id)
      .toArray();
    return this.withSummaries(rows)[0] ?? null;
  }

  /**
   * A tenant agent's coalesced report: its counters and the feed items since its last
   * report, in one transaction. The live state follows at most once a second.
   */
  async recordSummary(tenantId: string, summary: TenantCounters, feed: FeedEntry[]): Promise<void> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      storeSummary(sql, tenantId, summary);
      appendFeed(sql, tenantId, feed);
    });
    await this.schedule(1, "publishLive", undefined, { idempotent: true });
  }

  /** The live feed, newest first (the last 200 items at most). */
  async listFeed(limit = 200): Promise<FeedItem[]> {
    return readFeed(this.ctx.storage.sql, limit);
  }

  /** How many summary calls a tenant's agent has made (coalescing keeps it low). */
  async summaryCalls(tenantId: string): Promise<number> {
    return summaryCalls(this.ctx.storage.sql, tenantId);
  }

  /** Publishes the summaries' version and the feed's newest items to the dashboards. */
  async publishLive(): Promise<void> {
    // State saved before a field existed lacks it: the initial state fills it in.
    const state = { ...initialOpsState, ...this.state };
    this.setState({
      ...state,
      summaries_version: state.summaries_version + 1,
      feed: readFeed(this.ctx.storage.sql, FEED_IN_STATE),
    });
  }

  /** Of the given ids, the ones no tenant is registered under. */
  async unknownTenants(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    if (unique.length === 0) return [];
    const placeholders = unique.map(() => "?").join(",");
    const known = new Set(
      this.ctx.storage.sql
        .exec<{ id: string }>(`SELECT id FROM tenants WHERE id IN (${placeholders})`, ...unique)
        .toArray()
        .map((row) => row.id),
    );
    return unique.filter((id) => !known.has(id));
  }

  /**
   * The next page of tenant ids for the platform sweep, in id order, wrapping around at
   * the end. Keyset paging keeps each call one index range read however many tenants.
   */
  async nextSweepPage(limit: number): Promise<string[]> {
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

  /** Stores a batch of dead letters in one transaction. */
  async recordDeadLetters(letters: (DeadLetterInput & { id: string })[]): Promise<number> {
    const sql = this.ctx.storage.sql;
    this.ctx.storage.transactionSync(() => {
      for (const letter of letters) storeDeadLetter(sql, letter, letter.id);
    });
    return letters.length;
  }

  async listDeadLetters(limit = 100): Promise<DeadLetter[]> {
    return listDeadLetters(this.ctx.storage.sql, limit);
  }

  private withSummaries(rows: TenantRow[]): TenantSummary[] {
    const summaries = readSummaries(
      this.ctx.storage.sql,
      rows.map((r) => r.id),
    );
    return rows.map((row) => ({ ...row, summary: summaries.get(row.id) ?? null }));
  }

  private publishRegistryChange(): void {
    const { n } = this.ctx.storage.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM tenants")
      .one();
    const state = { ...initialOpsState, ...this.state };
    this.setState({ ...state, tenant_count: n, tenants_version: state.tenants_version + 1 });
  }
}
