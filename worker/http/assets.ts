import { Hono } from "hono";
import { dashboardSecurityHeaders } from "./security";

/**
 * The dashboard's files from the assets binding, with the dashboard's security headers.
 * `assets.run_worker_first: true` (wrangler.jsonc) sends every request through the
 * Worker, so these headers reach index.html and every script and stylesheet too.
 */
export const assets = new Hono<{ Bindings: Env }>()
  .use(dashboardSecurityHeaders)
  .all("*", async (c) => {
    const response = await c.env.ASSETS.fetch(c.req.raw);
    // A binding's response has immutable headers; a copy lets the middleware add its own.
    return new Response(response.body, response);
  });
