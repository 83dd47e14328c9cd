import type { SqlUsage } from "../../agents/shared/sql-meter";
import type { TenantSettings } from "../../events";
import { opsAgent } from "../agent-stubs";

/** Settings by tenant id (registered tenants only), and the SQLite rows the lookup cost. */
export type TenantSettingsLookup = { settings: Map<string, TenantSettings>; usage: SqlUsage };

/**
 * The seam between routing and tenant configuration: the settings route predicates
 * read, for the tenants of one batch, in one lookup. A tenant missing from the result
 * is not registered (the fan-out dead-letters its messages).
 *
 * The OpsAgent answers from its `tenant_settings` table (defaults for a tenant that
 * never set any); tenant agents push their settings there when their strategy changes.
 * The fan-out asks only for the tenants of messages whose routes read settings (see
 * `readsSettings`), so plain event traffic never waits on this call. Keep it one lookup
 * per batch, never per message.
 */
export async function loadTenantSettings(
  env: Env,
  tenantIds: readonly string[],
): Promise<TenantSettingsLookup> {
  const unique = [...new Set(tenantIds)];
  if (unique.length === 0) return { settings: new Map(), usage: { rows_read: 0, rows_written: 0 } };
  const found = await opsAgent(env).tenantSettings(unique);
  return { settings: new Map(Object.entries(found.settings)), usage: found.usage };
}
