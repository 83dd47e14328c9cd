import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../shared/service-worker";
import { handleSocialCommands } from "./handler";

export { SocialService } from "./social-service";

/** `social-commands` in the consumer pipeline: `social.post` only. */
export const socialCommands = consume("social-commands", handleSocialCommands, {
  accepts: ["social.post"],
});

/** The social service's Worker (services/social/wrangler.jsonc). */
export default serviceWorker("social", socialCommands);
