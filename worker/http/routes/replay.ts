import { Hono } from "hono";
import { z } from "zod";
import { type Message, TenantId } from "../../../events";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { badRequest } from "../../../platform/http/problem";
import { log } from "../../../platform/log";
import { sendBundled } from "../../../platform/queues/send-all";
import { tenantAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";
import { registeredTenant } from "../tenant-param";

/** At most this many events are replayed (or previewed) by one request. */
export const MAX_REPLAY = 500;

const Time = z.iso.datetime({ offset: true }).transform((t) => new Date(t).toISOString());

/**
 * `POST /api/replay`: which of the tenant's logged events to send again. `from` and `to`
 * compare with each event's own timestamp (at or after, before); `before` is the previous
 * answer's `next_before`, for the rest of a selection larger than `limit`.
 */
export const ReplayBody = z
  .strictObject({
    tenant: TenantId,
    correlation_id: z.string().min(1).max(128).optional(),
    type: z.string().min(1).max(128).optional(),
    from: Time.optional(),
    to: Time.optional(),
    limit: z.number().int().min(1).max(MAX_REPLAY).default(100),
    before: z.number().int().min(1).optional(),
    /** Say what a replay would do, and send nothing. */
    preview: z.boolean().default(false),
  })
  .superRefine((body, ctx) => {
    if (body.from !== undefined && body.to !== undefined && body.from >= body.to) {
      ctx.addIssue({ code: "custom", path: ["to"], message: "to must be later than from" });
    }
  });

/**
 * Sends a tenant's logged events to its agent again, through the events queue as ingest
 * does, each under its own id (so the agent's dedup decides: an id it remembers is a
 * duplicate, one past the horizon is applied again), with its chain and trace context.
 * With `preview: true` nothing is sent: the answer says, per event, what the dedup will
 * do and, for a type that decides, whether a decision now would differ from the one then.
 * An empty selection is answered 200 with no items (nothing to do is not an error).
 */
export const replayRoutes = new Hono<{ Bindings: Env }>().post("/", access(OPERATOR), async (c) => {
  const parsed = ReplayBody.safeParse(await readJsonBody(c, 8 * 1024));
  if (!parsed.success) {
    throw badRequest("The replay's filters are not valid.", toFieldErrors(parsed.error));
  }
  const { tenant: id, preview, limit, before, correlation_id, type, from, to } = parsed.data;
  const tenant = await registeredTenant(c, id);
  // The audit line names the tenant; a preview changes nothing and has none.
  c.set("audit", preview ? { skip: true } : { tenant: tenant.id });
  const agent = await tenantAgent(c.env, tenant.id);
  const selection = await agent.selectReplay(
    {
      limit,
      ...(before !== undefined ? { before } : {}),
      ...(correlation_id ? { correlation_id } : {}),
      ...(type ? { type } : {}),
      ...(from ? { from } : {}),
      ...(to ? { to } : {}),
    },
    { preview },
  );
  const { items, next_before } = selection;
  const skip = items.filter((i) => i.dedup === "skip").length;
  const totals = { selected: items.length, skip, apply: items.length - skip };
  if (preview) {
    const differs = items.filter((i) => i.decision?.differs === true).length;
    return c.json({
      tenant: tenant.id,
      preview: true as const,
      items,
      totals: { ...totals, differs },
      next_before,
    });
  }
  const envelopes = JSON.parse(selection.envelopes) as Message[];
  if (envelopes.length > 0) await sendBundled(c.env.EVENTS_QUEUE, envelopes);
  log({ level: "info", msg: "replayed", tenant: tenant.id, ...totals });
  return c.json({
    tenant: tenant.id,
    preview: false as const,
    items: items.map((i) => ({ event_id: i.event_id, outcome: "sent" as const, dedup: i.dedup })),
    totals: { ...totals, sent: envelopes.length },
    next_before,
  });
});
