import { log } from "../platform/log";
import { isAgentPath, serveAgent } from "./auth/agent-gate";
import { app } from "./http/app";
import { assets } from "./http/assets";
import { siteApp } from "./http/site";
import { dispatchQueue } from "./queues/dispatch";
import { sweepTenants } from "./sweep";

export { OpsAgent } from "../agents/ops-agent";
export { TenantAgent } from "../agents/tenant-agent";
// The store of injected faults lives with the platform; the services read it by binding.
export { FaultStore } from "../services/faults/fault-store";
export { ContentWorkflow } from "../workflows/content-workflow";

/**
 * The platform Worker (wrangler.jsonc): HTTP, the events and agent-commands queues, the
 * dead-letter queues, cron. The reference services are Workers of their own
 * (services/<name>/wrangler.jsonc); worker/local.ts runs them all in one. No domain
 * logic lives here.
 */
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    // Every connection to an agent passes the gate first (path, token, role, tenant);
    // any other /agents/ path is the API's 404.
    if (isAgentPath(url.pathname)) {
      const routed = await serveAgent(request, env);
      if (routed) return routed;
    }
    if (
      url.pathname.startsWith("/api/") ||
      url.pathname === "/api" ||
      url.pathname.startsWith("/agents/") ||
      url.pathname.startsWith("/services/") ||
      // The Prometheus scrape, where scrapers look for it by default (routes/prometheus.ts).
      // The console has a page of the same path: a browser asking for HTML gets that.
      (url.pathname === "/metrics" && !wantsHtml(request))
    ) {
      return app.fetch(request, env, ctx);
    }
    // Published articles: public HTML with its own headers.
    if (url.pathname.startsWith("/sites/")) return siteApp.fetch(request, env, ctx);
    return assets.fetch(request, env, ctx);
  },

  async queue(batch, env, ctx) {
    await dispatchQueue(batch, env, ctx);
  },

  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      sweepTenants(env).then((result) => log({ level: "info", msg: "sweep", ...result })),
    );
  },
} satisfies ExportedHandler<Env>;

/**
 * Whether a request is a browser's navigation (it asks for HTML): Prometheus asks for
 * text formats, curl for anything, a browser opening the console's /metrics page for
 * `text/html` first.
 */
function wantsHtml(request: Request): boolean {
  return (request.headers.get("accept") ?? "").toLowerCase().includes("text/html");
}
