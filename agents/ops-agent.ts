import { Agent, type Connection, type ConnectionContext } from "agents";
import {
  type DeadLetter,
  type DeadLetterInput,
  listDeadLetters,
  storeDeadLetter,
} from "./ops/dead-letters";
import { opsMigrations } from "./ops/schema";
import { initialOpsState, type OpsState, type TenantSummary } from "./ops-state";
import { callerFromHeaders, checkForwardedCaller } from "./shared/caller";
import { migrate } from "./shared/migrations";

/** The one operator agent, named "main": tenant registry and dead-letter store. */
export class OpsAgent extends Agent<Env, OpsState> {
  override initialState = initialOpsState;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, opsMigrations);
  }

  override shouldConnectionBeReadonly(): boolean {
    return true;
  }

  /** Operators only, as the Worker's gate established (docs/SECURITY.md). */
  override async fetch(request: Request): Promise<Response> {
    const check = checkForwardedCaller(request, (caller) => caller.role === "operator");
    return check.ok ? super.fetch(request) : check.response;
  }

  /** Keeps the verified caller on the connection, for `requireCaller` in callable methods. */
  override onConnect(connection: Connection, ctx: ConnectionContext): void {
    connection.setState({ caller: callerFromHeaders(ctx.request.headers) });
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
      .exec<TenantSummary>("SELECT id, name, created_at FROM tenants WHERE id = ?", input.id)
      .one();
    if (written > 0) this.publishRegistryChange();
    return { created: written > 0, tenant };
  }

  async listTenants(): Promise<TenantSummary[]> {
    return this.ctx.storage.sql
      .exec<TenantSummary>("SELECT id, name, created_at FROM tenants ORDER BY id")
      .toArray();
  }

  async getTenant(id: string): Promise<TenantSummary | null> {
    const rows = this.ctx.storage.sql
      .exec<TenantSummary>("SELECT id, name, created_at FROM tenants WHERE id = ?", id)
      .toArray();
    return rows[0] ?? null;
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

  private publishRegistryChange(): void {
    const { n } = this.ctx.storage.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM tenants")
      .one();
    this.setState({ tenant_count: n, tenants_version: this.state.tenants_version + 1 });
  }
}
