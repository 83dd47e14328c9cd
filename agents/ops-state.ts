/**
 * The OpsAgent's state: what the operator's dashboard needs to know live. The tenant
 * list itself is read over HTTP (`GET /api/tenants`) when `tenants_version` changes,
 * so the state stays small however many tenants there are.
 */
export type OpsState = {
  tenant_count: number;
  /** Bumped on every change to the tenant registry. */
  tenants_version: number;
};

export const initialOpsState: OpsState = { tenant_count: 0, tenants_version: 0 };

/** A tenant as listed by the registry. */
export type TenantSummary = { id: string; name: string; created_at: string };
