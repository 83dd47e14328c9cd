import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../../platform/service/service-worker";
import { SERVICE_QUEUES } from "../shared/names";
import { handlePublishCommands } from "./handler";

export { PublisherService } from "./publisher-service";

/** `publish-commands` in the consumer pipeline: `content.publish` only. */
export const publishCommands = consume("publish-commands", handlePublishCommands, {
  accepts: ["content.publish"],
});

/** The publisher's Worker (services/publisher/wrangler.jsonc). */
export default serviceWorker("publisher", SERVICE_QUEUES.publisher, publishCommands);
