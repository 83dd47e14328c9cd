import { Hono } from "hono";
import { TokenBuckets } from "../../platform/limits/token-bucket";
import { log } from "../../platform/log";
import { type IsRegistered, pageRoutes } from "./pages";
import { PAGE_HEADERS, renderNotFound } from "./render";
import { SITE_READ_LIMIT, throttleReaders } from "./site-throttle";

/**
 * The published sites as their own app: public HTML pages with their own headers, not
 * the JSON API (whose problem+json errors and script-free CSP are for API clients).
 * Every request is counted against its client's bucket first (`readers`; tests pass
 * their own, on a clock they hold); whether a tenant exists is the mounting Worker's
 * answer (`isRegistered`).
 */
export function createSiteApp(
  isRegistered: IsRegistered,
  readers: TokenBuckets = new TokenBuckets(SITE_READ_LIMIT),
) {
  const site = new Hono<{ Bindings: Env }>()
    .use("/sites/*", throttleReaders(readers))
    .route("/sites", pageRoutes(isRegistered));
  site.notFound((c) => c.body(renderNotFound(null), 404, PAGE_HEADERS));
  site.onError((error, c) => {
    log({
      level: "error",
      msg: "page failed",
      path: c.req.path,
      error: String(error),
    });
    return c.body(
      "<!doctype html><title>Unavailable</title><p>This page is unavailable right now; try again shortly.</p>",
      503,
      { ...PAGE_HEADERS, "retry-after": "5" },
    );
  });
  return site;
}
