import { Hono } from "hono";
import { z } from "zod";
import { opsAgent } from "../../agent-stubs";
import { parseQuery } from "../query";

export const FeedQuery = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) });

/** `GET /api/feed`: the tenants' activity feed, newest first (the last 200 items at most). */
export const feedRoutes = new Hono<{ Bindings: Env }>().get("/", async (c) => {
  const { limit } = parseQuery(c, FeedQuery);
  const ops = await opsAgent(c.env);
  return c.json({ items: await ops.listActivity(limit) });
});
