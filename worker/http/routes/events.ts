import { Hono } from "hono";
import { z } from "zod";
import { checkBatchLimits, futureTimes, parseBatch, TenantId, traceOf } from "../../../events";
import { checkJsonShape, readJsonBody } from "../../../platform/http/json-body";
import { badRequest, ProblemError, unprocessable } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { log } from "../../../platform/log";
import { count } from "../../../platform/metrics/buffer";
import { sendBundled } from "../../../platform/queues/send-all";
import { tenantAgent } from "../../agent-stubs";
import { access, INGEST, OWN_TENANT_IN_QUERY } from "../../auth/access";
import { requireTenantScope } from "../../auth/authorize";
import { authorizeIngest } from "../../auth/ingest-policy";
import {
  limitCyclesPerTenant,
  limitEventsPerTenant,
  precheckEventsPerTenant,
  precheckTenantCaller,
  rateLimitPerCaller,
} from "../../auth/rate-limit";
import { archivedAmong, unknownTenants } from "../../routing/tenant-registry";
import { decodedEntries } from "../log-entries";
import { joinTrace, requestTrace } from "../trace-header";

export const EventLogQuery = z.object({
  tenant: TenantId,
  type: z.string().max(128).optional(),
  correlation_id: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** A `seq` cursor: entries older than it (the previous page's `next_before`). */
  before: z.coerce.number().int().min(1).optional(),
});

export const eventRoutes = new Hono<{ Bindings: Env }>()
  /** Ingest one envelope or an array: all of them are enqueued, or none. */
  .post("/", access(INGEST), rateLimitPerCaller(), async (c) => {
    const { caller } = c.get("auth");
    // A tenant's token speaks for that tenant only: over its share, nothing is read.
    if (caller.role === "tenant" && caller.tenant) precheckTenantCaller(c.env, caller.tenant);
    // The W3C header names the caller's span; a message's own traceparent wins over it.
    const trace = requestTrace(c.req.header("traceparent"));
    const body = await readJsonBody(c, undefined, { deferShapeCheck: true });
    const items = Array.isArray(body) ? body : [body];
    // Others may name any tenant: each named share is checked first, before the body's
    // shape, sizes and envelopes are (a flood over its share is refused for the least).
    if (caller.role !== "tenant") precheckEventsPerTenant(c.env, items);
    checkJsonShape(body);
    const limits = checkBatchLimits(items);
    if (!limits.ok) throw new ProblemError(413, "too-large", "Payload too large", limits.detail);
    const parsed = parseBatch(body);
    if (!parsed.ok)
      throw badRequest("Some messages are not valid; none were accepted.", parsed.errors);
    requireTenantScope(
      c,
      parsed.messages.map((m) => m.tenant_id),
    );
    // Who may send which type, and as which source: the catalog's producers as policy.
    const allowed = authorizeIngest(caller, parsed.messages);
    if (!allowed.ok) {
      throw new ProblemError(
        403,
        "forbidden",
        "Forbidden",
        `This token may not send ${allowed.types.join(", ")}; nothing was accepted.`,
        allowed.errors,
      );
    }
    // Each tenant's share of the ingest, whoever sends for it.
    limitEventsPerTenant(
      c.env,
      allowed.messages.map((m) => m.tenant_id),
    );
    if (caller.role !== "operator") limitCyclesPerTenant(c.env, allowed.messages);
    const future = futureTimes(allowed.messages, Date.now());
    if (future.length > 0)
      throw unprocessable("Some times lie in the future; nothing was accepted.", future);

    // Registered tenants are cached per isolate (routing/tenant-registry.ts): a warm
    // isolate answers without waiting for the OpsAgent.
    const { unknown, unavailable, asked } = await unknownTenants(
      c.env,
      parsed.messages.map((m) => m.tenant_id),
      { background: (work) => c.executionCtx.waitUntil(work) },
    );
    // This request's billable operations; its queue writes are counted by the consumer.
    void count(c.env, c.executionCtx, {
      meter: { worker_requests: 1, do_requests: asked ? 1 : 0 },
    });
    if (unavailable.length > 0) {
      throw new ProblemError(
        503,
        "unavailable",
        "Service unavailable",
        `The tenant registry is out of reach and ${unavailable.length > 1 ? "these tenants have" : "this tenant has"} not been confirmed here yet: ${unavailable.join(", ")}. Nothing was accepted; send again after Retry-After.`,
        unavailable.map((id) => ({ path: "tenant_id", message: `tenant ${id} not confirmed yet` })),
        { "retry-after": "5" },
      );
    }
    if (unknown.length > 0) {
      throw unprocessable(
        `Unknown tenant${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Create ${unknown.length > 1 ? "them" : "it"} with POST /api/tenants first; no message was accepted.`,
        unknown.map((id) => ({ path: "tenant_id", message: `unknown tenant ${id}` })),
      );
    }
    // An archived tenant takes no more events (POST /api/tenants/:id/resume brings it back).
    const archived = archivedAmong(parsed.messages.map((m) => m.tenant_id));
    if (archived.length > 0) {
      throw new ProblemError(
        409,
        "conflict",
        "Conflict",
        `Tenant${archived.length > 1 ? "s" : ""} ${archived.join(", ")} ${archived.length > 1 ? "are" : "is"} archived: no message was accepted. Resume ${archived.length > 1 ? "them" : "it"} with POST /api/tenants/:id/resume first.`,
        archived.map((id) => ({ path: "tenant_id", message: `tenant ${id} is archived` })),
      );
    }
    const messages = joinTrace(allowed.messages, trace);
    await sendBundled(c.env.EVENTS_QUEUE, messages);
    // The line that joins the caller's trace (its span is the request's parent) to the
    // messages' log lines in Workers Logs.
    log({
      level: "info",
      msg: "ingested",
      accepted: messages.length,
      trace_id: trace.trace_id,
      parent_span_id: trace.parent_span_id,
    });
    return c.json(
      {
        accepted: messages.length,
        event_ids: messages.map((m) => m.event_id),
        trace_id: trace.trace_id,
        trace_ids: messages.map(
          (m) => traceOf({ id: m.event_id, traceparent: m.traceparent }).trace_id ?? trace.trace_id,
        ),
      },
      202,
    );
  })
  /**
   * The tenant's event log, newest first, a page at a time: `next_before` is the cursor
   * for the next (older) page, null on the last one.
   */
  .get("/", access(OWN_TENANT_IN_QUERY), async (c) => {
    const query = parseQuery(c, EventLogQuery);
    const agent = await tenantAgent(c.env, query.tenant);
    const entries = await agent.listEvents({
      limit: query.limit,
      ...(query.type ? { type: query.type } : {}),
      ...(query.correlation_id ? { correlation_id: query.correlation_id } : {}),
      ...(query.before ? { before: query.before } : {}),
    });
    const oldest = entries.at(-1);
    return c.json({
      events: decodedEntries(entries),
      next_before: entries.length === query.limit && oldest ? oldest.seq : null,
    });
  });
