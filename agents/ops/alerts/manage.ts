import { resolveAll } from "./evaluate";
import type { AlertEventBody } from "./events";
import type { AlertRuleInput } from "./kinds";
import { type AlertRule, countRules, MAX_RULES, readRule, removeRule, writeRule } from "./rules";

/**
 * An operator's changes to the rules, each in the caller's transaction. Disabling or
 * deleting a rule that is firing resolves it (an event per firing subject).
 */
export type PutRuleResult =
  | { ok: true; created: boolean; rule: AlertRule; events: AlertEventBody[] }
  | { ok: false; error: string };

export function putRule(
  sql: SqlStorage,
  id: string,
  input: AlertRuleInput,
  nowMs: number,
): PutRuleResult {
  const before = readRule(sql, id);
  if (!before && countRules(sql) >= MAX_RULES) {
    return { ok: false, error: `at most ${MAX_RULES} rules; delete one first` };
  }
  const events =
    before?.enabled && !input.enabled ? resolveAll(sql, before, "disabled", nowMs) : [];
  writeRule(sql, id, input, new Date(nowMs).toISOString());
  const rule = readRule(sql, id);
  if (!rule) throw new Error(`rule ${id} not stored`);
  return { ok: true, created: before === undefined, rule, events };
}

export function deleteRule(
  sql: SqlStorage,
  id: string,
  nowMs: number,
): { deleted: boolean; events: AlertEventBody[] } {
  const rule = readRule(sql, id);
  if (!rule) return { deleted: false, events: [] };
  const events = resolveAll(sql, rule, "deleted", nowMs);
  removeRule(sql, id);
  return { deleted: true, events };
}
