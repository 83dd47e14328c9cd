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
 * Today the OpsAgent answers from its `tenant_settings` table (defaults for a tenant
 * that never set any). When tenant strategies carry `social_enabled`, point this at
 * them: either the tenant agent pushes its settings to the OpsAgent when its strategy
 * changes (`setTenantSettings`, nothing here changes), or this reads them directly, one
 * batched call per batch. Keep it one lookup per tenant per batch, never per message.
 */
export async function loadTenantSettings(
  env: Env,
  tenantIds: readonly string[],
): Promise<TenantSettingsLookup> {
  const unique = [...new Set(tenantIds)];
  const ops = await opsAgent(env);
  const found = await ops.tenantSettings(unique);
  return { settings: new Map(Object.entries(found.settings)), usage: found.usage };
}
