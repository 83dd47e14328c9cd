import analytics from "../services/analytics/worker";
import publisher from "../services/publisher/worker";
import research from "../services/research/worker";
import { SERVICE_QUEUES } from "../services/shared/names";
import social from "../services/social/worker";
import platform from "./index";

export { AnalyticsService } from "../services/analytics/worker";
export { PublisherService } from "../services/publisher/worker";
export { ResearchService } from "../services/research/worker";
export { SocialService } from "../services/social/worker";
export { ContentWorkflow, FaultStore, OpsAgent, TenantAgent } from "./index";

/** Each service's command queue, and the service Worker that consumes it when deployed. */
const serviceByQueue: Record<string, ExportedHandler<Env>> = {
  [SERVICE_QUEUES.research]: research,
  [SERVICE_QUEUES.publisher]: publisher,
  [SERVICE_QUEUES.social]: social,
  [SERVICE_QUEUES.analytics]: analytics,
};

/**
 * Every Worker in one (wrangler.local.jsonc, generated from the deployed configs by
 * `npm run config:local`): what `npm start`, the tests, the chaos suite and the bench
 * run. HTTP and cron are the platform's; each queue batch goes to the Worker that
 * consumes that queue when deployed, so the same handlers run as in production, with
 * the cross-Worker bindings (`script_name`) resolved inside one process.
 */
export default {
  fetch: (request, env, ctx) => platform.fetch(request, env, ctx),
  scheduled: (controller, env, ctx) => platform.scheduled(controller, env, ctx),
  async queue(batch, env, ctx) {
    const owner = Object.hasOwn(serviceByQueue, batch.queue)
      ? serviceByQueue[batch.queue]
      : platform;
    await owner?.queue?.(batch, env, ctx);
  },
} satisfies ExportedHandler<Env>;
