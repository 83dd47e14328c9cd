import { consumeCommands } from "../shared/consumer";

/** The consumer of `publish-commands`: `content.publish` → the tenant's publisher. */
export function handlePublishCommands(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  return consumeCommands(batch, env, {
    service: "publisher",
    accepts: ["content.publish"],
    deliver: (env, tenantId, messages) =>
      env.PUBLISHER_SERVICE.getByName(tenantId).handle(messages),
  });
}
