import { DurableObject } from "cloudflare:workers";
import type { Fault, FaultState } from "../../events/faults";
import { migrate } from "../../platform/sqlite/migrations";

/** Where faults live: one instance, named by `FAULT_STORE_NAME`. */
export const FAULT_STORE_NAME = "main";

/**
 * The injected faults of every service, kept durably so that every consumer
 * invocation sees the same ones until an operator clears them.
 */
export class FaultStore extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage, [
      {
        version: 1,
        name: "faults",
        sql: "CREATE TABLE faults (service TEXT PRIMARY KEY, fault TEXT NOT NULL, updated_at TEXT NOT NULL)",
      },
    ]);
  }

  /** Sets (replaces) a service's fault. */
  async setFault(service: string, fault: Fault): Promise<FaultState> {
    const updated_at = new Date().toISOString();
    this.ctx.storage.sql.exec(
      `INSERT INTO faults (service, fault, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (service) DO UPDATE SET fault = excluded.fault, updated_at = excluded.updated_at`,
      service,
      JSON.stringify(fault),
      updated_at,
    );
    return { service, fault, updated_at };
  }

  async getFault(service: string): Promise<FaultState | null> {
    return this.rows("SELECT * FROM faults WHERE service = ?", service)[0] ?? null;
  }

  async listFaults(): Promise<FaultState[]> {
    return this.rows("SELECT * FROM faults ORDER BY service");
  }

  /** Clears a service's fault; false when it had none. */
  async clearFault(service: string): Promise<boolean> {
    return (
      this.ctx.storage.sql.exec("DELETE FROM faults WHERE service = ?", service).rowsWritten > 0
    );
  }

  private rows(query: string, ...params: string[]): FaultState[] {
    return this.ctx.storage.sql
      .exec<{ service: string; fault: string; updated_at: string }>(query, ...params)
      .toArray()
      .map((row) => ({
        service: row.service,
        // Written by setFault from a parsed Fault; nothing else writes this table.
        fault: JSON.parse(row.fault) as Fault,
        updated_at: row.updated_at,
      }));
  }
}

/** The fault store's stub. */
export function faultStore(env: Env): DurableObjectStub<FaultStore> {
  return env.FAULT_STORE.getByName(FAULT_STORE_NAME);
}

/** A service's current fault, or null. */
export async function currentFault(env: Env, service: string): Promise<Fault | null> {
  return (await faultStore(env).getFault(service))?.fault ?? null;
}
