// What the Worker wires up from the reference services: their Durable Object classes,
// their queue handlers (for the consumer middleware), and their HTTP sub-apps.

export { AnalyticsService } from "./analytics/analytics-service";
export { handleAnalyticsCommands } from "./analytics/handler";
export { FaultStore } from "./faults/fault-store";
export { faultRoutes } from "./faults/routes";
export { handlePublishCommands } from "./publisher/handler";
export { PublisherService } from "./publisher/publisher-service";
export { createSiteApp } from "./publisher/site-app";
export { handleSocialCommands } from "./social/handler";
export { SocialService } from "./social/social-service";
