import { Hono } from "hono";
import { z } from "zod";
import { AlertRuleInput } from "../../../agents/ops/alerts/kinds";
import { WebhookUrl } from "../../../agents/ops/alerts/webhooks";
import { TenantId } from "../../../events";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { badRequest, ProblemError, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";
import { cursorParam, encodeCursor } from "../cursor";

/** A rule's id: the operator's name for it, as it appears in every event. */
export const RuleId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    "1–63 of a–z, 0–9, - and _, starting with a letter or digit",
  );

export const WebhookInput = z.strictObject({ url: WebhookUrl });

export const DeliveriesQuery = z.object({
  status: z.enum(["pending", "delivered", "dead"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** The previous page's `next_cursor`. */
  cursor: cursorParam(z.tuple([z.number().int().min(1)])).optional(),
});

export const AlertEventsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** Events older than this `seq` (the previous page's `next_before`). */
  before: z.coerce.number().int().min(1).optional(),
  /** One rule's events. */
  rule: RuleId.optional(),
  /** One tenant's events (of per-tenant rules). */
  tenant: TenantId.optional(),
});

const DeliveryId = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

function ruleIdOf(raw: string): string {
  const parsed = RuleId.safeParse(raw);
  if (!parsed.success) throw badRequest("The rule id is not valid.", prefixed("id", parsed.error));
  return parsed.data;
}

function prefixed(field: string, error: z.ZodError) {
  return toFieldErrors(error).map((e) => ({ ...e, path: e.path ? `${field}.${e.path}` : field }));
}

function notFound(what: string): ProblemError {
  return new ProblemError(404, "not-found", "Not found", `No ${what}.`);
}

/**
 * Alerts (operators): rules as data with their state, the webhooks their events go to,
 * and the deliveries of those events (`agents/ops/alerts/`).
 */
export const alertRoutes = new Hono<{ Bindings: Env }>()
  /** The rules with their states, the newest events, the kinds and the delivery counts. */
  .get("/", access(OPERATOR), async (c) => c.json(await opsAgent(c.env).listAlerts()))
  /** Creates or replaces a rule: 201 when new, 200 when replaced. */
  .put("/rules/:id", access(OPERATOR), async (c) => {
    const id = ruleIdOf(c.req.param("id"));
    const parsed = AlertRuleInput.safeParse(await readJsonBody(c, 16 * 1024));
    if (!parsed.success) {
      throw unprocessable("The alert rule is not valid.", toFieldErrors(parsed.error));
    }
    const result = await opsAgent(c.env).putAlertRule(id, parsed.data);
    if (!result.ok) throw new ProblemError(409, "too-many-rules", "Too many rules", result.error);
    return c.json({ rule: result.rule, created: result.created }, result.created ? 201 : 200);
  })
  /** Deletes a rule; what it had firing is resolved (an event each). */
  .delete("/rules/:id", access(OPERATOR), async (c) => {
    const id = ruleIdOf(c.req.param("id"));
    if (!(await opsAgent(c.env).deleteAlertRule(id))) throw notFound(`alert rule ${id}`);
    return c.body(null, 204);
  })
  .get("/webhooks", access(OPERATOR), async (c) =>
    c.json({ webhooks: await opsAgent(c.env).listAlertWebhooks() }),
  )
  /** Adds a webhook: 201 with its signing secret, which no other answer shows. */
  .post("/webhooks", access(OPERATOR), async (c) => {
    const parsed = WebhookInput.safeParse(await readJsonBody(c, 8 * 1024));
    if (!parsed.success) {
      throw unprocessable("The webhook is not valid.", toFieldErrors(parsed.error));
    }
    const created = await opsAgent(c.env).createAlertWebhook(parsed.data.url);
    if (!created) {
      throw new ProblemError(409, "too-many-webhooks", "Too many webhooks", "Delete one first.");
    }
    const { secret, ...webhook } = created;
    return c.json({ webhook, secret }, 201);
  })
  .delete("/webhooks/:id", access(OPERATOR), async (c) => {
    const id = c.req.param("id");
    const deleted = id.length <= 100 && (await opsAgent(c.env).deleteAlertWebhook(id));
    if (!deleted) throw notFound(`webhook ${id.slice(0, 100)}`);
    return c.body(null, 204);
  })
  /** Deliveries, newest first, a page at a time, of one status or all. */
  /** Every alert event kept, newest first, a page at a time; `next_before` pages on. */
  .get("/events", access(OPERATOR), async (c) => {
    const { limit, ...filter } = parseQuery(c, AlertEventsQuery);
    const found = await opsAgent(c.env).listAlertEvents(limit + 1, filter);
    const events = found.slice(0, limit);
    const last = events.at(-1);
    return c.json({ events, next_before: found.length > limit && last ? last.seq : null });
  })
  .get("/deliveries", access(OPERATOR), async (c) => {
    const { limit, cursor, status } = parseQuery(c, DeliveriesQuery);
    // One more than a page: whether it is there says if another page follows.
    const found = await opsAgent(c.env).listAlertDeliveries({
      limit: limit + 1,
      ...(status ? { status } : {}),
      ...(cursor ? { before: cursor[0] } : {}),
    });
    const deliveries = found.slice(0, limit);
    const last = deliveries.at(-1);
    return c.json({
      deliveries,
      next_cursor: found.length > limit && last ? encodeCursor([last.id]) : null,
    });
  })
  /** Gives a dead delivery a fresh set of attempts, starting at once. */
  .post("/deliveries/:id/redrive", access(OPERATOR), async (c) => {
    const parsed = DeliveryId.safeParse(c.req.param("id"));
    if (!parsed.success) throw notFound(`delivery ${c.req.param("id").slice(0, 40)}`);
    const id = parsed.data;
    const outcome = await opsAgent(c.env).redriveAlertDelivery(id);
    if (outcome === "missing") throw notFound(`delivery ${id}`);
    if (outcome === "not-dead") {
      throw new ProblemError(
        409,
        "not-dead",
        "Not dead",
        `Delivery ${id} is not dead; only dead deliveries are redriven.`,
      );
    }
    if (outcome === "webhook-gone") {
      throw new ProblemError(
        409,
        "webhook-gone",
        "Webhook deleted",
        `The webhook of delivery ${id} was deleted.`,
      );
    }
    return c.json({ id, status: "pending" });
  });
