import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../shared/service-worker";
import { handlePublishCommands } from "./handler";

export { PublisherService } from "./publisher-service";

/** `publish-commands` in the consumer pipeline: `content.publish` only. */
export const publishCommands = consume("publish-commands", handlePublishCommands, {
  accepts: ["content.publish"],
});

/** The publisher's Worker (services/publisher/wrangler.jsonc). */
export default serviceWorker("publisher", publishCommands);
