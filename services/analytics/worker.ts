import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../../platform/service/service-worker";
import { SERVICE_QUEUES } from "../shared/names";
import { handleAnalyticsCommands } from "./handler";

export { AnalyticsService } from "./analytics-service";

/** `analytics-commands` in the consumer pipeline: `performance.requested` only. */
export const analyticsCommands = consume("analytics-commands", handleAnalyticsCommands, {
  accepts: ["performance.requested"],
});

/** The analytics service's Worker (services/analytics/wrangler.jsonc). */
export default serviceWorker("analytics", SERVICE_QUEUES.analytics, analyticsCommands);
