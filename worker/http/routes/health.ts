import { Hono } from "hono";
import { access, PUBLIC } from "../../auth/access";

export const healthRoutes = new Hono<{ Bindings: Env }>().get("/", access(PUBLIC), (c) =>
  c.json({ ok: true, version: c.env.SWITCHBOARD_VERSION }),
);
