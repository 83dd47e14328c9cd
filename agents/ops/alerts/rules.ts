import type { AlertRuleInput } from "./kinds";

/**
 * Alert rules as stored, and their state per subject. A rule's parameters were checked
 * by its kind's schema when written; they are read back as plain values (evaluation
 * checks them again, so a rule a later version can no longer judge is skipped, said why).
 */
export type AlertRule = {
  id: string;
  kind: string;
  params: Record<string, string | number>;
  enabled: boolean;
  for_seconds: number;
  created_at: string;
  updated_at: string;
};

/** One subject's state: `ok` or `firing` since when, with the last value seen. */
export type AlertState = {
  rule_id: string;
  /** The tenant a per-tenant rule judged; null for a platform-wide rule. */
  tenant_id: string | null;
  status: "ok" | "firing";
  since: string;
  /** While ok: since when the condition has held (firing once it held `for_seconds`). */
  breaching_since: string | null;
  value: number | null;
  evaluated_at: string;
};

type StoredRule = Omit<AlertRule, "params" | "enabled"> & { params: string; enabled: number };
type StoredState = Omit<AlertState, "tenant_id" | "status"> & { subject: string; status: string };

/** At most this many rules: each is evaluated every tick. */
export const MAX_RULES = 100;

export function readRules(sql: SqlStorage): AlertRule[] {
  return sql
    .exec<StoredRule>("SELECT * FROM alert_rules ORDER BY id")
    .toArray()
    .map((row) => ({
      ...row,
      params: JSON.parse(row.params) as Record<string, string | number>,
      enabled: row.enabled === 1,
    }));
}

export function readRule(sql: SqlStorage, id: string): AlertRule | undefined {
  return readRules(sql).find((rule) => rule.id === id);
}

export function countRules(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM alert_rules").one().n;
}

/** Creates or replaces a rule; its state is kept (the next evaluation judges it anew). */
export function writeRule(sql: SqlStorage, id: string, input: AlertRuleInput, at: string): void {
  sql.exec(
    `INSERT INTO alert_rules (id, kind, params, enabled, for_seconds, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, params = excluded.params,
       enabled = excluded.enabled, for_seconds = excluded.for_seconds, updated_at = excluded.updated_at`,
    id,
    input.kind,
    JSON.stringify(input.params),
    input.enabled ? 1 : 0,
    input.for_seconds,
    at,
    at,
  );
}

export function removeRule(sql: SqlStorage, id: string): boolean {
  const removed = sql.exec("DELETE FROM alert_rules WHERE id = ?", id).rowsWritten > 0;
  sql.exec("DELETE FROM alert_states WHERE rule_id = ?", id);
  return removed;
}

/** Every state of a rule (or of all rules), keyed by subject (`""` = platform-wide). */
export function readStates(sql: SqlStorage, ruleId?: string): AlertState[] {
  const rows =
    ruleId === undefined
      ? sql.exec<StoredState>("SELECT * FROM alert_states ORDER BY rule_id, subject").toArray()
      : sql
          .exec<StoredState>(
            "SELECT * FROM alert_states WHERE rule_id = ? ORDER BY subject",
            ruleId,
          )
          .toArray();
  return rows.map(({ subject, status, ...row }) => ({
    ...row,
    tenant_id: subject === "" ? null : subject,
    status: status === "firing" ? "firing" : "ok",
  }));
}

export function writeState(sql: SqlStorage, state: AlertState): void {
  sql.exec(
    `INSERT INTO alert_states (rule_id, subject, status, since, breaching_since, value, evaluated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (rule_id, subject) DO UPDATE SET status = excluded.status, since = excluded.since,
       breaching_since = excluded.breaching_since, value = excluded.value,
       evaluated_at = excluded.evaluated_at`,
    state.rule_id,
    state.tenant_id ?? "",
    state.status,
    state.since,
    state.breaching_since,
    state.value,
    state.evaluated_at,
  );
}
