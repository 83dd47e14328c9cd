import { chunksOf, placeholders } from "../../platform/sqlite/chunks";
import { containsAny, whereClause } from "../../platform/sqlite/sql-where";

/**
 * Whether each tenant is active, paused or archived, since when and by whom: the
 * registry's side of `POST /api/tenants/:id/{pause,resume,archive}` (the tenant's agent
 * holds its deliveries itself: agents/tenant/pause.ts). Ingest refuses an archived
 * tenant's events from the isolates' cached copy (worker/routing/tenant-registry.ts).
 * Ops schema version 14.
 */
export const tenantStatusMigrationSql = `
  ALTER TABLE tenants ADD COLUMN status TEXT NOT NULL DEFAULT 'active';
  ALTER TABLE tenants ADD COLUMN status_since TEXT;
  ALTER TABLE tenants ADD COLUMN status_by TEXT;
  ALTER TABLE tenants ADD COLUMN status_reason TEXT;
`;

export type TenantStatus = "active" | "paused" | "archived";

/** The registry's columns of a tenant, status included. */
export const TENANT_COLUMNS =
  "id, name, created_at, status, status_since, status_by, status_reason";

export type TenantStatusChange = {
  status: TenantStatus;
  since: string;
  by: string | null;
  reason: string | null;
};

/** Sets a tenant's status; false for an unknown tenant. */
export function writeTenantStatus(
  sql: SqlStorage,
  id: string,
  change: TenantStatusChange,
): boolean {
  const active = change.status === "active";
  return (
    sql.exec(
      `UPDATE tenants SET status = ?, status_since = ?, status_by = ?, status_reason = ?
       WHERE id = ?`,
      change.status,
      active ? null : change.since,
      active ? null : change.by,
      active ? null : change.reason,
      id,
    ).rowsWritten > 0
  );
}

/** Of these ids, the unregistered and the archived ones (one index read per 100). */
export function registryStatus(
  sql: SqlStorage,
  ids: readonly string[],
): { unknown: string[]; archived: string[] } {
  const unique = [...new Set(ids)];
  const found = new Map<string, string>();
  for (const chunk of chunksOf(unique)) {
    for (const row of sql
      .exec<{ id: string; status: string }>(
        `SELECT id, status FROM tenants WHERE id IN (${placeholders(chunk.length)})`,
        ...chunk,
      )
      .toArray())
      found.set(row.id, row.status);
  }
  return {
    unknown: unique.filter((id) => !found.has(id)),
    archived: unique.filter((id) => found.get(id) === "archived"),
  };
}

/** Which tenants a page of the registry holds: after an id, matching a search and a status. */
export type TenantPageQuery = {
  after?: string;
  /** A piece of the id or the name, any case. */
  q?: string;
  status?: TenantStatus;
  limit?: number;
};

/** A row of the registry, as the tenant lists read it. */
export type TenantRegistryRow = {
  id: string;
  name: string;
  created_at: string;
  status: TenantStatus;
  status_since: string | null;
  status_by: string | null;
  status_reason: string | null;
};

/** The registry rows of one page, by id (the primary key: a keyset, never an offset). */
export function readTenantPage(sql: SqlStorage, page: TenantPageQuery): TenantRegistryRow[] {
  const { clause, params } = whereClause([
    page.after !== undefined && ["id > ?", page.after],
    containsAny(["id", "name"], page.q),
    page.status !== undefined && ["status = ?", page.status],
  ]);
  return sql
    .exec<TenantRegistryRow>(
      `SELECT ${TENANT_COLUMNS} FROM tenants ${clause} ORDER BY id LIMIT ?`,
      ...params,
      page.limit ?? -1,
    )
    .toArray();
}
