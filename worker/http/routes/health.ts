import { Hono } from "hono";

export const healthRoutes = new Hono<{ Bindings: Env }>().get("/", (c) =>
  c.json({ ok: true, version: c.env.SWITCHBOARD_VERSION }),
);
