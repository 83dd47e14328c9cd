import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../../platform/service/service-worker";
import { SERVICE_QUEUES } from "../shared/names";
import { handleSocialCommands } from "./handler";

export { SocialService } from "./social-service";

/** `social-commands` in the consumer pipeline: `social.post` only. */
export const socialCommands = consume("social-commands", handleSocialCommands, {
  accepts: ["social.post"],
});

/** The social service's Worker (services/social/wrangler.jsonc). */
export default serviceWorker("social", SERVICE_QUEUES.social, socialCommands);
