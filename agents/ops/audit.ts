import { whereClause } from "../../platform/sqlite/sql-where";

/**
 * The audit log: who did what, when, to what, with what outcome — every console and API
 * action of an operator, a tenant or a service that changes something (strategy writes,
 * rollbacks, cycles, run actions, redrives, deletes, faults, outages, tenants created,
 * events an operator injected). One row per action, written after it answered.
 */
export type AuditEntry = {
  seq: number;
  at: string;
  /** The token's subject (`operator:alice`, `tenant:acme`, `social:worker-1`). */
  actor: string;
  role: string;
  /** What was done: `strategy.update`, `run.approve`, `dlq.redrive`, … */
  action: string;
  method: string;
  path: string;
  tenant_id: string | null;
  /** What it was done to, when it is not the tenant itself: a run, a letter, a service. */
  target: string | null;
  status: number;
  /** `ok` (2xx), `refused` (4xx: nothing changed), `failed` (5xx). */
  outcome: "ok" | "refused" | "failed";
};

export type AuditInput = Omit<AuditEntry, "seq" | "outcome">;

export type AuditFilter = {
  actor?: string;
  action?: string;
  tenant?: string;
  /** A `seq` cursor: entries older than it (the previous page's `next_before`). */
  before?: number;
  limit: number;
};

/** The newest this many entries are kept; older ones go, a hundred at a time. */
export const AUDIT_MAX_ENTRIES = 100_000;

export const auditMigrationSql = `
  CREATE TABLE audit_log (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    role TEXT NOT NULL,
    action TEXT NOT NULL,
    method TEXT NOT NULL,
    path TEXT NOT NULL,
    tenant_id TEXT,
    target TEXT,
    status INTEGER NOT NULL
  );
  CREATE INDEX audit_by_actor ON audit_log (actor, seq);
  CREATE INDEX audit_by_action ON audit_log (action, seq);
  CREATE INDEX audit_by_tenant ON audit_log (tenant_id, seq);
`;

export function outcomeOf(status: number): AuditEntry["outcome"] {
  return status >= 500 ? "failed" : status >= 400 ? "refused" : "ok";
}

/** Appends one entry; every hundredth trims the log to `AUDIT_MAX_ENTRIES`. */
export function appendAudit(sql: SqlStorage, entry: AuditInput): number {
  const seq = sql
    .exec<{ seq: number }>(
      `INSERT INTO audit_log (at, actor, role, action, method, path, tenant_id, target, status)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING seq`,
      entry.at,
      entry.actor,
      entry.role,
      entry.action,
      entry.method,
      entry.path,
      entry.tenant_id,
      entry.target,
      entry.status,
    )
    .one().seq;
  if (seq % 100 === 0) sql.exec("DELETE FROM audit_log WHERE seq <= ?", seq - AUDIT_MAX_ENTRIES);
  return seq;
}

/** Entries matching the filter, newest first, up to `limit`, older than `before`. */
export function readAudit(sql: SqlStorage, filter: AuditFilter): AuditEntry[] {
  const { clause, params } = whereClause([
    filter.actor !== undefined && ["actor = ?", filter.actor],
    filter.action !== undefined && ["action = ?", filter.action],
    filter.tenant !== undefined && ["tenant_id = ?", filter.tenant],
    filter.before !== undefined && ["seq < ?", filter.before],
  ]);
  return sql
    .exec<Omit<AuditEntry, "outcome">>(
      `SELECT * FROM audit_log ${clause} ORDER BY seq DESC LIMIT ?`,
      ...params,
      filter.limit,
    )
    .toArray()
    .map((row) => ({ ...row, outcome: outcomeOf(row.status) }));
}
