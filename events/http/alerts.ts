import { z } from "zod";
import { count, maybeCount, maybeText, text } from "./fields";

// The alerts' answers (`/api/alerts…`). A rule's parameters depend on its kind; the
// kinds' schemas live beside the OpsAgent (`agents/ops/alerts/kinds.ts`), and the answers
// carry them as flat name → value objects, with the kinds listed in `GET /api/alerts`.

/** A kind's or a rule's parameters: names to numbers or strings. */
const Params = z.record(z.string(), z.union([text, count]));

/** One subject's state: the whole platform (`tenant_id` null) or one tenant. */
export const AlertState = z.looseObject({
  rule_id: text,
  tenant_id: maybeText,
  /** `ok` or `firing`. */
  status: text,
  since: text,
  /** While ok: since when the condition has held (it fires once it held `for_seconds`). */
  breaching_since: maybeText,
  value: maybeCount,
  evaluated_at: text,
});
export type AlertState = z.infer<typeof AlertState>;

export const AlertRule = z.looseObject({
  id: text,
  kind: text,
  params: Params,
  enabled: z.boolean(),
  for_seconds: count,
  created_at: text,
  updated_at: text,
});
export type AlertRule = z.infer<typeof AlertRule>;

export const AlertRuleWithState = AlertRule.extend({ states: z.array(AlertState) });
export type AlertRuleWithState = z.infer<typeof AlertRuleWithState>;

/** A firing or a resolving, as the console lists it (the webhook body says more). */
export const AlertEvent = z.looseObject({
  /** Its place in the log (`GET /api/alerts/events` pages by it). */
  seq: count,
  id: text,
  /** `alert.firing` or `alert.resolved`. */
  type: text,
  rule_id: text,
  tenant_id: maybeText,
  at: text,
  value: maybeCount,
  summary: text,
});
export type AlertEvent = z.infer<typeof AlertEvent>;

/** `GET /api/alerts/events`: newest first; `next_before` is the next (older) page's `before`. */
export const AlertEventPage = z.object({
  events: z.array(AlertEvent),
  next_before: maybeCount,
});
export type AlertEventPage = z.infer<typeof AlertEventPage>;

export const AlertKindInfo = z.looseObject({
  kind: text,
  description: text,
  per_tenant: z.boolean(),
  example: Params,
});
export type AlertKindInfo = z.infer<typeof AlertKindInfo>;

const DeliveryCounts = z.looseObject({ pending: count, delivered: count, dead: count });

/** `GET /api/alerts`. */
export const AlertsOverview = z.object({
  rules: z.array(AlertRuleWithState),
  events: z.array(AlertEvent),
  kinds: z.array(AlertKindInfo),
  webhooks: count,
  deliveries: DeliveryCounts,
  settings: z.looseObject({
    evaluate_every_seconds: count,
    retry_base_ms: count,
    max_attempts: count,
  }),
});
export type AlertsOverview = z.infer<typeof AlertsOverview>;

/** `PUT /api/alerts/rules/:id`: the rule as stored. */
export const AlertRulePut = z.object({ rule: AlertRule, created: z.boolean() });
export type AlertRulePut = z.infer<typeof AlertRulePut>;

export const AlertWebhook = z.looseObject({ id: text, url: text, created_at: text });
export type AlertWebhook = z.infer<typeof AlertWebhook>;

/** `POST /api/alerts/webhooks`: the only answer that carries the signing secret. */
export const AlertWebhookCreated = z.object({ webhook: AlertWebhook, secret: text });
export type AlertWebhookCreated = z.infer<typeof AlertWebhookCreated>;

export const AlertWebhookList = z.object({ webhooks: z.array(AlertWebhook) });
export type AlertWebhookList = z.infer<typeof AlertWebhookList>;

export const AlertDelivery = z.looseObject({
  id: count,
  event_id: text,
  event_type: text,
  rule_id: text,
  tenant_id: maybeText,
  summary: text,
  webhook_id: text,
  url: text,
  /** `pending`, `delivered` or `dead`. */
  status: text,
  attempts: count,
  next_attempt_at: maybeText,
  last_status: maybeCount,
  last_error: maybeText,
  created_at: text,
  updated_at: text,
});
export type AlertDelivery = z.infer<typeof AlertDelivery>;

/** `GET /api/alerts/deliveries`: newest first; `next_cursor` asks for the next (older) page. */
export const AlertDeliveryPage = z.object({
  deliveries: z.array(AlertDelivery),
  next_cursor: maybeText,
});
export type AlertDeliveryPage = z.infer<typeof AlertDeliveryPage>;

/** `POST /api/alerts/deliveries/:id/redrive`. */
export const AlertDeliveryRedriven = z.object({ id: count, status: text });
export type AlertDeliveryRedriven = z.infer<typeof AlertDeliveryRedriven>;
