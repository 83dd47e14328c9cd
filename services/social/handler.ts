import { serviceHandler } from "../shared/consumer";

/** The handler of `social-commands`: `social.post` → the tenant's social service. */
export const handleSocialCommands = serviceHandler({
  service: "social",
  deliver: (env, tenantId, messages) => env.SOCIAL_SERVICE.getByName(tenantId).handle(messages),
});
