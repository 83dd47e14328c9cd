import { consumeCommands } from "../shared/consumer";

/** The consumer of `analytics-commands`: `performance.requested` → the tenant's analytics. */
export function handleAnalyticsCommands(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  return consumeCommands(batch, env, {
    service: "analytics",
    accepts: ["performance.requested"],
    deliver: (env, tenantId, messages) =>
      env.ANALYTICS_SERVICE.getByName(tenantId).handle(messages),
  });
}
