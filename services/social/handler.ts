import { consumeCommands } from "../shared/consumer";

/** The consumer of `social-commands`: `social.post` → the tenant's social service. */
export function handleSocialCommands(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  return consumeCommands(batch, env, {
    service: "social",
    accepts: ["social.post"],
    deliver: (env, tenantId, messages) => env.SOCIAL_SERVICE.getByName(tenantId).handle(messages),
  });
}
