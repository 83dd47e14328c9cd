import { Hono } from "hono";
import { z } from "zod";
import { opsAgent } from "../../agent-stubs";
import { parseQuery } from "../query";

export const FeedQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Lines older than this `seq` (the previous page's `next_before`). */
  before: z.coerce.number().int().min(1).optional(),
});

/**
 * `GET /api/feed`: the tenants' activity feed, newest first, a page at a time. The
 * OpsAgent keeps the newest 200 lines, so the last page ends there (`next_before` null);
 * what came before lives in each tenant's event log and trace.
 */
export const feedRoutes = new Hono<{ Bindings: Env }>().get("/", async (c) => {
  const { limit, before } = parseQuery(c, FeedQuery);
  const ops = await opsAgent(c.env);
  const found = await ops.listActivity(limit + 1, before ?? null);
  const items = found.slice(0, limit);
  const last = items.at(-1);
  return c.json({ items, next_before: found.length > limit && last ? last.seq : null });
});
