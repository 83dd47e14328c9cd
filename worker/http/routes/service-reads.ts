import { Hono } from "hono";
import { z } from "zod";
import { TenantId } from "../../../events";
import { ProblemError } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent } from "../../agent-stubs";
import { access, SERVICE_READ } from "../../auth/access";

/** The tenant of a path, when it names a registered tenant (no other reaches storage). */
async function registeredTenant(env: Env, raw: string): Promise<string> {
  const id = TenantId.safeParse(raw);
  const tenant = id.success ? await (await opsAgent(env)).getTenant(id.data) : null;
  if (!tenant) throw new ProblemError(404, "not-found", "Not found", `No tenant ${raw}.`);
  return tenant.id;
}

export const PostsQuery = z.object({ content_id: z.string().min(1).max(128).optional() });

/**
 * What the reference services hold, read by tenant (mounted at /services): the
 * publisher's publications, the social posts, the analytics reports. Reads only; the
 * services act on their command queues alone.
 */
export const serviceReadRoutes = new Hono<{ Bindings: Env }>()
  .get("/publisher/:tenant/publications", access(SERVICE_READ), async (c) => {
    const tenant = await registeredTenant(c.env, c.req.param("tenant"));
    const publications = await c.env.PUBLISHER_SERVICE.getByName(tenant).listPublications();
    return c.json({ publications });
  })
  .get("/social/:tenant/posts", access(SERVICE_READ), async (c) => {
    const { content_id } = parseQuery(c, PostsQuery);
    const tenant = await registeredTenant(c.env, c.req.param("tenant"));
    const posts = await c.env.SOCIAL_SERVICE.getByName(tenant).listPosts(content_id);
    return c.json({ posts });
  })
  .get("/analytics/:tenant/reports", access(SERVICE_READ), async (c) => {
    const tenant = await registeredTenant(c.env, c.req.param("tenant"));
    const reports = await c.env.ANALYTICS_SERVICE.getByName(tenant).listReports();
    return c.json({ reports });
  });
