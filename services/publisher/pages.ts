import { Hono } from "hono";
import { TenantId } from "../../events";
import { PAGE_HEADERS, renderNotFound, renderSiteIndex } from "./render";

const SLUG = /^[a-z0-9][a-z0-9-]{0,79}$/;

/**
 * Whether a tenant is registered. Anyone can send these requests, so the Worker that
 * mounts the pages answers from its isolate's copy of the registry: a made-up id is a
 * 404 without a call to the OpsAgent.
 */
export type IsRegistered = (env: Env, tenantId: string) => Promise<boolean>;

/** The tenant id of a path, when it names a registered tenant (no other reaches storage). */
async function knownTenant(env: Env, raw: string, isRegistered: IsRegistered) {
  const id = TenantId.safeParse(raw);
  if (!id.success) return null;
  return (await isRegistered(env, id.data)) ? id.data : null;
}

/**
 * The published sites, mounted at /sites: `/sites/<tenant>` lists a tenant's
 * articles, `/sites/<tenant>/<slug>` serves one. Public HTML, not the JSON API.
 */
export const pageRoutes = (isRegistered: IsRegistered) =>
  new Hono<{ Bindings: Env }>()
    .get("/:tenant/:slug", async (c) => {
      const slug = c.req.param("slug");
      const tenant = SLUG.test(slug)
        ? await knownTenant(c.env, c.req.param("tenant"), isRegistered)
        : null;
      if (!tenant) return c.body(renderNotFound(null), 404, PAGE_HEADERS);
      const page = await c.env.PUBLISHER_SERVICE.getByName(tenant).getPage(slug);
      if (!page) return c.body(renderNotFound(tenant), 404, PAGE_HEADERS);
      return c.body(page.html, 200, PAGE_HEADERS);
    })
    .get("/:tenant", async (c) => {
      const tenant = await knownTenant(c.env, c.req.param("tenant"), isRegistered);
      if (!tenant) return c.body(renderNotFound(null), 404, PAGE_HEADERS);
      const pages = await c.env.PUBLISHER_SERVICE.getByName(tenant).listPages();
      return c.body(renderSiteIndex(tenant, pages), 200, PAGE_HEADERS);
    });
