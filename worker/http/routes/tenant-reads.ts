import { Hono } from "hono";
import { z } from "zod";
import { parseQuery } from "../../../platform/http/query";
import { tenantAgent } from "../../agent-stubs";
import { access, OWN_TENANT } from "../../auth/access";
import { cursorParam, encodeCursor } from "../cursor";
import { registeredTenant } from "../tenant-param";

export const LimitQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** A page of articles ends at its last article's newest run: `[requested_at, run_id]`. */
const ContentPosition = z.tuple([z.string(), z.string()]);

export const ContentQuery = LimitQuery.extend({
  /** The previous page's `next_cursor`. */
  cursor: cursorParam(ContentPosition).optional(),
  /** A piece of the keyword, content id or title, any case. */
  q: z.string().trim().min(1).max(200).optional(),
});

/**
 * What a tenant's agent holds, to read: `GET /api/tenants/:id/content`, its articles,
 * newest first, each with where it stands (writing, awaiting approval, publishing,
 * published, rejected, cancelled, failed), its word count and published URLs; and
 * `GET /api/tenants/:id/research`, its newest research per keyword and which keywords
 * are already published or being written (a strategy preview is the agent's own:
 * `POST /api/tenants/:id/strategy/preview`).
 */
export const tenantReadRoutes = new Hono<{ Bindings: Env }>()
  /** A page of articles; `next_cursor` asks for the next (older) one, null on the last. */
  .get("/content", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    const { limit, cursor, q } = parseQuery(c, ContentQuery);
    const agent = await tenantAgent(c.env, tenant.id);
    const found = await agent.listContent(limit + 1, cursor ?? null, q ?? null);
    const content = found.slice(0, limit);
    const last = content.at(-1);
    return c.json({
      content,
      next_cursor:
        found.length > limit && last ? encodeCursor([last.requested_at, last.run_id]) : null,
    });
  })
  .get("/research", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    const { limit } = parseQuery(c, LimitQuery);
    const agent = await tenantAgent(c.env, tenant.id);
    return c.json(await agent.latestResearch(limit));
  });
