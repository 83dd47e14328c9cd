import { serviceHandler } from "../shared/consumer";

/** The handler of `analytics-commands`: `performance.requested` → the tenant's analytics service. */
export const handleAnalyticsCommands = serviceHandler({
  service: "analytics",
  deliver: (env, tenantId, messages) => env.ANALYTICS_SERVICE.getByName(tenantId).handle(messages),
});
