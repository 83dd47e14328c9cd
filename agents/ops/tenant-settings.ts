import { DEFAULT_TENANT_SETTINGS, type TenantSettings } from "../../events";
import { chunksOf, placeholders } from "../../platform/sqlite/chunks";

/**
 * Settings of registered tenants, by id, with defaults for fields a tenant never set.
 * Ids that are not registered are left out.
 */
export function readTenantSettings(
  sql: SqlStorage,
  ids: readonly string[],
): Record<string, TenantSettings> {
  const out: Record<string, TenantSettings> = {};
  const rows = chunksOf([...new Set(ids)]).flatMap((chunk) =>
    sql
      .exec<{ id: string; social_enabled: number | null }>(
        `SELECT t.id AS id, s.social_enabled AS social_enabled
         FROM tenants t LEFT JOIN tenant_settings s ON s.tenant_id = t.id
         WHERE t.id IN (${placeholders(chunk.length)})`,
        ...chunk,
      )
      .toArray(),
  );
  for (const row of rows) {
    out[row.id] = {
      social_enabled:
        row.social_enabled === null
          ? DEFAULT_TENANT_SETTINGS.social_enabled
          : row.social_enabled === 1,
    };
  }
  return out;
}

/** Replaces a tenant's settings. */
export function writeTenantSettings(
  sql: SqlStorage,
  id: string,
  settings: TenantSettings,
  at: string,
): void {
  sql.exec(
    `INSERT INTO tenant_settings (tenant_id, social_enabled, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (tenant_id) DO UPDATE SET social_enabled = excluded.social_enabled, updated_at = excluded.updated_at`,
    id,
    settings.social_enabled ? 1 : 0,
    at,
  );
}
