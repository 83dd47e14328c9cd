import { Hono } from "hono";
import { pageRoutes } from "./pages";
import { PAGE_HEADERS, renderNotFound } from "./render";

/**
 * The published sites as their own app: public HTML pages with their own headers, not
 * the JSON API (whose problem+json errors and script-free CSP are for API clients).
 */
export const siteApp = new Hono<{ Bindings: Env }>().route("/sites", pageRoutes);

siteApp.notFound((c) => c.body(renderNotFound(null), 404, PAGE_HEADERS));
siteApp.onError((error, c) => {
  console.error(
    JSON.stringify({ level: "error", msg: "page failed", path: c.req.path, error: String(error) }),
  );
  return c.body(
    "<!doctype html><title>Unavailable</title><p>This page is unavailable right now; try again shortly.</p>",
    503,
    { ...PAGE_HEADERS, "retry-after": "5" },
  );
});
