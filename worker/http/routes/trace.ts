import { Hono } from "hono";
import { z } from "zod";
import { TenantId } from "../../../events";
import { ProblemError } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { tenantAgent } from "../../agent-stubs";
import { access, OWN_TENANT_IN_QUERY } from "../../auth/access";
import { registeredTenant } from "../tenant-param";

export const TraceQuery = z.object({ tenant: TenantId });
export const CorrelationId = z.string().min(1).max(128);

/**
 * `GET /api/trace/:correlation_id?tenant=<id>`: every message, decision (with its
 * reasons), run and step of one chain, in causal order, each with its `depth` in the
 * causal tree.
 */
export const traceRoutes = new Hono<{ Bindings: Env }>().get(
  "/:correlation_id",
  access(OWN_TENANT_IN_QUERY),
  async (c) => {
    const { tenant: tenantId } = parseQuery(c, TraceQuery);
    const correlationId = c.req.param("correlation_id");
    const tenant = await registeredTenant(c, tenantId);
    if (!CorrelationId.safeParse(correlationId).success)
      throw new ProblemError(404, "not-found", "Not found", "No such chain.");
    const agent = await tenantAgent(c.env, tenant.id);
    const entries = await agent.traceChain(correlationId);
    if (entries.length === 0)
      throw new ProblemError(
        404,
        "not-found",
        "Not found",
        `Tenant ${tenant.id} has no chain ${correlationId}.`,
      );
    return c.json({
      correlation_id: correlationId,
      tenant_id: tenant.id,
      entries: entries.map((entry) =>
        entry.kind === "message"
          ? { ...entry, payload: JSON.parse(entry.payload) as unknown }
          : entry,
      ),
    });
  },
);
