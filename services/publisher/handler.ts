import { serviceHandler } from "../shared/consumer";

/** The handler of `publish-commands`: `content.publish` → the tenant's publisher service. */
export const handlePublishCommands = serviceHandler({
  service: "publisher",
  deliver: (env, tenantId, messages) => env.PUBLISHER_SERVICE.getByName(tenantId).handle(messages),
});
