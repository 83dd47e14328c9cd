import { log } from "../../../platform/log";
import { type AlertEventBody, addEvent, pruneEvents } from "./events";
import { pruneFailedRuns } from "./failed-runs";
import { kindNamed, type Observation } from "./kinds";
import { type AlertRule, type AlertState, readRules, readStates, writeState } from "./rules";
import { step } from "./transition";

/**
 * One evaluation of every enabled rule at `nowMs`: each subject's value is read, its
 * state moves (`transition.ts`), and every firing or resolving becomes an event with a
 * pending delivery per webhook. Call inside one transaction; returns the events made.
 */
export function evaluateRules(sql: SqlStorage, nowMs: number): AlertEventBody[] {
  const events: AlertEventBody[] = [];
  for (const rule of readRules(sql)) {
    if (!rule.enabled) continue;
    events.push(...evaluateRule(sql, rule, nowMs));
  }
  pruneFailedRuns(sql, nowMs);
  pruneEvents(sql, nowMs);
  return events;
}

function evaluateRule(sql: SqlStorage, rule: AlertRule, nowMs: number): AlertEventBody[] {
  const kind = kindNamed(rule.kind);
  const parsed = kind?.parse(rule.params);
  if (!kind || !parsed?.ok) {
    log({
      level: "error",
      msg: "alert rule skipped",
      rule: rule.id,
      kind: rule.kind,
      error: kind ? (parsed && !parsed.ok ? parsed.error : "") : "no such kind",
    });
    return [];
  }
  const params = parsed.params;
  const threshold = kind.threshold(params);
  const seen = new Map(kind.observe(sql, params, nowMs).map((o) => [o.subject, o.value]));
  const states = new Map(readStates(sql, rule.id).map((s) => [s.tenant_id ?? "", s]));
  // A per-tenant rule sees only tenants with something to count; a tenant it judged
  // before and no longer sees has a count of zero.
  for (const subject of states.keys()) if (!seen.has(subject)) seen.set(subject, 0);

  const at = new Date(nowMs).toISOString();
  const events: AlertEventBody[] = [];
  for (const [subject, value] of seen) {
    const prev = states.get(subject);
    const breaching = value !== null && value > threshold;
    // A tenant never breaching needs no row: the rule's state lists only those it judged.
    if (!prev && !breaching) continue;
    const next = step(prev, breaching, nowMs, rule.for_seconds * 1000);
    const state: AlertState = {
      rule_id: rule.id,
      tenant_id: subject === "" ? null : subject,
      status: next.status,
      since: next.since,
      breaching_since: next.breaching_since,
      value,
      evaluated_at: at,
    };
    writeState(sql, state);
    if (next.transition === null) continue;
    const observation: Observation = { subject, value };
    const body: AlertEventBody = {
      id: crypto.randomUUID(),
      type: next.transition === "firing" ? "alert.firing" : "alert.resolved",
      at,
      rule: { id: rule.id, kind: rule.kind, params: rule.params, for_seconds: rule.for_seconds },
      tenant_id: state.tenant_id,
      value,
      threshold,
      summary: kind.describe(params, observation),
      firing_since: next.transition === "firing" ? at : (prev?.since ?? at),
    };
    addEvent(sql, body, nowMs);
    events.push(body);
  }
  return events;
}

/**
 * Resolves every firing subject of a rule that is being disabled or deleted, so
 * receivers do not keep an incident open for a rule that no longer judges; in the
 * change's transaction.
 */
export function resolveAll(
  sql: SqlStorage,
  rule: AlertRule,
  reason: "disabled" | "deleted",
  nowMs: number,
): AlertEventBody[] {
  const at = new Date(nowMs).toISOString();
  const kind = kindNamed(rule.kind);
  const parsed = kind?.parse(rule.params);
  const threshold = parsed?.ok && kind ? kind.threshold(parsed.params) : 0;
  const events: AlertEventBody[] = [];
  for (const state of readStates(sql, rule.id)) {
    if (state.status !== "firing") continue;
    writeState(sql, { ...state, status: "ok", since: at, breaching_since: null, evaluated_at: at });
    const body: AlertEventBody = {
      id: crypto.randomUUID(),
      type: "alert.resolved",
      at,
      rule: { id: rule.id, kind: rule.kind, params: rule.params, for_seconds: rule.for_seconds },
      tenant_id: state.tenant_id,
      value: state.value,
      threshold,
      summary: `resolved: the rule ${rule.id} was ${reason}`,
      firing_since: state.since,
    };
    addEvent(sql, body, nowMs);
    events.push(body);
  }
  return events;
}
