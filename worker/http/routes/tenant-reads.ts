import { Hono } from "hono";
import { z } from "zod";
import { tenantAgent } from "../../agent-stubs";
import { parseQuery } from "../query";
import { registeredTenant } from "../tenant-param";

export const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * What a tenant's agent holds, to read: `GET /api/tenants/:id/content`, its articles,
 * newest first, each with where it stands (writing, awaiting approval, publishing,
 * published, rejected, cancelled, failed), its word count and published URLs; and
 * `GET /api/tenants/:id/research`, its newest research per keyword and which keywords
 * are already published or being written (a strategy preview is the agent's own:
 * `POST /api/tenants/:id/strategy/preview`).
 */
export const tenantReadRoutes = new Hono<{ Bindings: Env }>()
  .get("/content", async (c) => {
    const tenant = await registeredTenant(c);
    const { limit } = parseQuery(c, LimitQuery);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json({ content: await agent.listContent(limit) });
  })
  .get("/research", async (c) => {
    const tenant = await registeredTenant(c);
    const { limit } = parseQuery(c, LimitQuery);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json(await agent.latestResearch(limit));
  });
