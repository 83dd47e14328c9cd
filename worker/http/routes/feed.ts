import { Hono } from "hono";
import { z } from "zod";
import { TenantId } from "../../../events";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";

export const FeedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Lines older than this `seq` (the previous page's `next_before`). */
  before: z.coerce.number().int().min(1).optional(),
  /** One tenant's lines. */
  tenant: TenantId.optional(),
  /** One kind of line: "cycle", "research", "published", "run failed", … */
  kind: z.string().trim().min(1).max(50).optional(),
  /** A piece of the line's text, any case. */
  q: z.string().trim().min(1).max(200).optional(),
});

/**
 * `GET /api/feed`: the tenants' activity feed, newest first, a page at a time, narrowed by
 * tenant, kind or a piece of text. The OpsAgent keeps the newest 200 lines, so the last
 * page ends there (`next_before` null); what came before lives in each tenant's event
 * log and trace.
 */
export const feedRoutes = new Hono<{ Bindings: Env }>().get("/", access(OPERATOR), async (c) => {
  const { limit, ...filter } = parseQuery(c, FeedQuery);
  const ops = await opsAgent(c.env);
  const found = await ops.listActivity(limit + 1, filter);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return c.json({ items, next_before: found.length > limit && last ? last.seq : null });
});
