import { Hono } from "hono";
import { z } from "zod";
import { tenantAgent } from "../../agent-stubs";
import { parseQuery } from "../query";
import { registeredTenant } from "../tenant-param";

const ResearchQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/**
 * `GET /api/tenants/:id/research`: the tenant's newest research per keyword, newest
 * first, and which keywords are already published or being written. The dashboard
 * feeds it to the same `pickKeywords` the agent decides with, to preview a strategy.
 */
export const tenantResearchRoutes = new Hono<{ Bindings: Env }>().get("/research", async (c) => {
  const tenant = await registeredTenant(c);
  const { limit } = parseQuery(c, ResearchQuery);
  const agent = await tenantAgent(c.env, tenant.id);
  return c.json(await agent.latestResearch(limit));
});
