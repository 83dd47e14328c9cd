/** Alerts (operators): rules and their state, webhooks, deliveries. */
import { type CursorPage, readPages } from "../lib/read-pages";
import { getJson, type RequestOptions, seg, sendCommand, sendJson, withQuery } from "./client";
import {
  type AlertDelivery,
  AlertDeliveryPage,
  AlertDeliveryRedriven,
  AlertRulePut,
  AlertsOverview,
  AlertWebhookCreated,
  AlertWebhookList,
} from "./schemas";

export function getAlerts(options?: RequestOptions) {
  return getJson("/api/alerts", AlertsOverview, options);
}

/** What the rule form sends: the server checks it with the kind's own schema. */
export type RuleDraft = {
  kind: string;
  params: unknown;
  enabled: boolean;
  for_seconds: number;
};

export function putRule(id: string, rule: RuleDraft) {
  return sendJson("PUT", `/api/alerts/rules/${seg(id)}`, rule, AlertRulePut);
}

export function deleteRule(id: string) {
  return sendCommand("DELETE", `/api/alerts/rules/${seg(id)}`);
}

export function listWebhooks(options?: RequestOptions) {
  return getJson("/api/alerts/webhooks", AlertWebhookList, options);
}

export function createWebhook(url: string) {
  return sendJson("POST", "/api/alerts/webhooks", { url }, AlertWebhookCreated);
}

export function deleteWebhook(id: string) {
  return sendCommand("DELETE", `/api/alerts/webhooks/${seg(id)}`);
}

export type DeliveryStatus = "" | "pending" | "delivered" | "dead";

const MAX_PER_READ = 500;

/** The newest `want` deliveries of a status (all when empty), following `next_cursor`. */
export function listDeliveries(
  status: DeliveryStatus,
  want: number,
  options?: RequestOptions,
): Promise<CursorPage<AlertDelivery>> {
  return readPages(want, MAX_PER_READ, async (limit, cursor) => {
    const page = await getJson(
      withQuery("/api/alerts/deliveries", { status, limit, cursor: cursor ?? undefined }),
      AlertDeliveryPage,
      options,
    );
    return { rows: page.deliveries, next_cursor: page.next_cursor };
  });
}

export function redriveDelivery(id: number) {
  return sendJson("POST", `/api/alerts/deliveries/${id}/redrive`, undefined, AlertDeliveryRedriven);
}
