import { type AlertEvent, readEvents } from "./events";
import { kindCatalog } from "./kinds";
import { countDeliveries, type DeliveryStatus, MAX_ATTEMPTS } from "./outbox";
import { type AlertRule, type AlertState, readRules, readStates } from "./rules";
import { listWebhooks } from "./webhooks";

/** `GET /api/alerts`: the rules with their states, recent events, and how delivery goes. */
export type AlertsOverview = {
  rules: (AlertRule & { states: AlertState[] })[];
  events: AlertEvent[];
  kinds: ReturnType<typeof kindCatalog>;
  webhooks: number;
  deliveries: Record<DeliveryStatus, number>;
  settings: { evaluate_every_seconds: number; retry_base_ms: number; max_attempts: number };
};

/** Events the overview lists, newest first. */
export const RECENT_EVENTS = 50;

export function readOverview(
  sql: SqlStorage,
  settings: { evaluate_every_seconds: number; retry_base_ms: number },
): AlertsOverview {
  const states = readStates(sql);
  return {
    rules: readRules(sql).map((rule) => ({
      ...rule,
      states: states.filter((s) => s.rule_id === rule.id),
    })),
    events: readEvents(sql, RECENT_EVENTS),
    kinds: kindCatalog(),
    webhooks: listWebhooks(sql).length,
    deliveries: countDeliveries(sql),
    settings: { ...settings, max_attempts: MAX_ATTEMPTS },
  };
}
