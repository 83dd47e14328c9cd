import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { evaluateRules } from "../../agents/ops/alerts/evaluate";
import { createWebhook } from "../../agents/ops/alerts/webhooks";
import { deadLetterId } from "../../agents/ops/dead-letters";
import type { TenantCounters } from "../../events/ops-state";
import { uniqueTenant } from "./api";

/**
 * Alert rules and their webhooks, on an OpsAgent of each test's own (so no other test's
 * letters or metrics move its rules), with the clock passed in: evaluations at T0,
 * T0 + 30 s, … whatever the wall clock says. Used by alerts-rules and alerts-delivery.
 */
export const T0 = Date.parse("2100-03-01T12:00:00.000Z");
export const S = 1000;
export const BASE_MS = 10_000; // ALERT_RETRY_BASE_MS, as wrangler.jsonc sets it

export const scratch = () => env.OPS_AGENT.getByName(`alerts-${crypto.randomUUID()}`);
export type Ops = ReturnType<typeof scratch>;

export function deadLetter(queue: string, tenant: string) {
  const eventId = crypto.randomUUID();
  return {
    id: deadLetterId(queue, tenant, eventId),
    queue,
    reason: "fault injected",
    attempts: 1,
    event_id: eventId,
    type: "publish.requested",
    tenant_id: tenant,
    body: "{}",
    seen_at: new Date(T0).toISOString(),
  };
}

export function summary(runsFailed: number): TenantCounters {
  return {
    applied: 0,
    duplicates: 0,
    cycles: 0,
    decisions: 0,
    runs_started: runsFailed,
    runs_active: 0,
    runs_completed: 0,
    runs_failed: runsFailed,
    articles_published: 0,
    strategy_version: 1,
    last_cycle_at: null,
    last_error: null,
    updated_at: new Date().toISOString(),
  };
}

export async function events(ops: Ops) {
  return (await ops.listAlerts()).events;
}

export async function stateOf(ops: Ops, rule: string) {
  return (await ops.listAlerts()).rules.find((r) => r.id === rule)?.states ?? [];
}

/** Webhooks added straight to the agent's tables; answered with their secrets. */
export function addWebhooks(ops: Ops, urls: string[]) {
  return runInDurableObject(ops, (_agent, state) =>
    urls.map((url) => createWebhook(state.storage.sql, url, new Date(T0).toISOString())),
  );
}

/**
 * Fires a rule at T0 and stores its event in the outbox without sending it (the sender
 * is the test's): what `evaluateAlerts` does before it sends.
 */
export async function fireOnce(ops: Ops): Promise<void> {
  await ops.putAlertRule(
    "any",
    { kind: "dead_letters_above", params: { above: 0 }, enabled: true, for_seconds: 0 },
    T0,
  );
  await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);
  await runInDurableObject(ops, (_agent, state) =>
    state.storage.transactionSync(() => evaluateRules(state.storage.sql, T0)),
  );
}
