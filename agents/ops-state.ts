/**
 * The OpsAgent's state: what the operator's dashboard needs to know live. Lists (the
 * tenants, dead letters, the feed) are read over HTTP or RPC when their version or count
 * changes, so the state stays small however much there is.
 */
export type OpsState = {
  tenant_count: number;
  /** Bumped on every change to the tenant registry. */
  tenants_version: number;
  /** Dead letters waiting for an operator (`GET /api/dlq`). */
  dead_letters: number;
  /** The newest feed entry's sequence number; changes when the feed gets an entry. */
  feed_head: number;
};

export const initialOpsState: OpsState = {
  tenant_count: 0,
  tenants_version: 0,
  dead_letters: 0,
  feed_head: 0,
};

/** A tenant as listed by the registry. */
export type TenantSummary = { id: string; name: string; created_at: string };
