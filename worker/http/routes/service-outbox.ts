import { Hono } from "hono";
import { z } from "zod";
import { TenantId } from "../../../events";
import { ProblemError } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import type { OutboxStatus } from "../../../platform/sqlite/outbox";
import { isServiceName, SERVICE_NAMES, type ServiceName } from "../../../services/shared/names";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";

export const OutboxQuery = z.object({ tenant: TenantId });

/** The tenant's shard of a service: what waits in its outbox. */
function shardOutbox(env: Env, service: ServiceName, tenant: string): Promise<OutboxStatus> {
  switch (service) {
    case "research":
      return env.RESEARCH_SERVICE.getByName(tenant).pendingOutbox();
    case "publisher":
      return env.PUBLISHER_SERVICE.getByName(tenant).pendingOutbox();
    case "social":
      return env.SOCIAL_SERVICE.getByName(tenant).pendingOutbox();
    case "analytics":
      return env.ANALYTICS_SERVICE.getByName(tenant).pendingOutbox();
  }
}

/**
 * `GET /api/services/:service/outbox?tenant=` (operators, mounted at /api/services):
 * what the service's shard for a tenant has not sent yet — unsent rows, the oldest, the
 * last send error. 0 once it has caught up.
 */
export const serviceOutboxRoutes = new Hono<{ Bindings: Env }>().get(
  "/:service/outbox",
  access(OPERATOR),
  async (c) => {
    const service = c.req.param("service");
    if (!isServiceName(service)) {
      throw new ProblemError(
        404,
        "not-found",
        "Not found",
        `No service ${service}; the services are ${SERVICE_NAMES.join(", ")}.`,
      );
    }
    const { tenant } = parseQuery(c, OutboxQuery);
    const registered = await (await opsAgent(c.env)).getTenant(tenant);
    if (!registered) throw new ProblemError(404, "not-found", "Not found", `No tenant ${tenant}.`);
    return c.json({ service, tenant, ...(await shardOutbox(c.env, service, tenant)) });
  },
);
