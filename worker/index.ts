import { routeAgentRequest } from "agents";
import { app } from "./http/app";
import { dispatchQueue } from "./queues/dispatch";
import { sweepTenants } from "./sweep";

export { OpsAgent } from "../agents/ops-agent";
export { TenantAgent } from "../agents/tenant-agent";
export {
  AnalyticsService,
  FaultStore,
  PublisherService,
  SocialService,
} from "../services";
export { ContentWorkflow } from "../workflows/content-workflow";

/** The one wiring point: HTTP, queues and cron. No domain logic lives here. */
export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname.startsWith("/agents/")) {
      const routed = await routeAgentRequest(request, env);
      if (routed) return routed;
    }
    if (
      url.pathname.startsWith("/api/") ||
      url.pathname === "/api" ||
      url.pathname.startsWith("/agents/") ||
      url.pathname.startsWith("/sites/") ||
      url.pathname.startsWith("/services/")
    ) {
      return app.fetch(request, env, ctx);
    }
    return env.ASSETS.fetch(request);
  },

  async queue(batch, env, _ctx) {
    await dispatchQueue(batch, env);
  },

  async scheduled(_controller, env, ctx) {
    ctx.waitUntil(
      sweepTenants(env).then((result) =>
        console.log(JSON.stringify({ level: "info", msg: "sweep", ...result })),
      ),
    );
  },
} satisfies ExportedHandler<Env>;
