import { Hono } from "hono";
import { ProblemError } from "../../platform/http/problem";
import { tenantOfResearchId } from "./metrics";

/**
 * The research service's read API, `GET /services/research/:id`: one researched
 * keyword by id, read-only. The id names its tenant, which names the shard to read.
 */
export const researchReadApi = new Hono<{ Bindings: Env }>().get("/:id", async (c) => {
  const id = c.req.param("id");
  const tenant = tenantOfResearchId(id);
  const [record] = tenant ? await c.env.RESEARCH_SERVICE.getByName(tenant).read([id]) : [];
  if (!record) throw new ProblemError(404, "not-found", "Not found", `No research ${id}.`);
  return c.json(record);
});
