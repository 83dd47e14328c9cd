import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../shared/service-worker";
import { handleAnalyticsCommands } from "./handler";

export { AnalyticsService } from "./analytics-service";

/** `analytics-commands` in the consumer pipeline: `performance.requested` only. */
export const analyticsCommands = consume("analytics-commands", handleAnalyticsCommands, {
  accepts: ["performance.requested"],
});

/** The analytics service's Worker (services/analytics/wrangler.jsonc). */
export default serviceWorker("analytics", analyticsCommands);
