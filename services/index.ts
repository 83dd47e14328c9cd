import type { CommandQueueName } from "../worker/queues/names";
import { handleAnalyticsCommands } from "./analytics/handler";
import { handlePublishCommands } from "./publisher/handler";
import { handleSocialCommands } from "./social/handler";

export { AnalyticsService } from "./analytics/analytics-service";
export { FaultStore } from "./faults/fault-store";
export { faultRoutes } from "./faults/routes";
export { PublisherService } from "./publisher/publisher-service";
export { siteApp } from "./publisher/site-app";
export { serviceReadRoutes } from "./read-routes";
export { SocialService } from "./social/social-service";

/** The consumer of each command queue whose service runs in this Worker. */
export const serviceConsumers: Partial<
  Record<CommandQueueName, (batch: MessageBatch<unknown>, env: Env) => Promise<void>>
> = {
  "publish-commands": handlePublishCommands,
  "social-commands": handleSocialCommands,
  "analytics-commands": handleAnalyticsCommands,
};
