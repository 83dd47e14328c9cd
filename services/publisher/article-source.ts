import type { PublishableArticle } from "../../events/articles";

/** The article a command names if its tenant's agent says it may go live, else why not. */
export type ArticleSource = (tenantId: string, contentId: string) => Promise<PublishableArticle>;

/**
 * The articles live with the tenant's agent, which stored them for its content run and
 * alone knows whether each was approved: the publisher asks it by content id before
 * publishing anything. This is the one synchronous cross-service call the platform
 * allows: from the publisher's Worker to the platform's, over the `TENANT_AGENT` binding
 * (`script_name: "switchboard"` in services/publisher/wrangler.jsonc), by id.
 */
export function agentArticles(env: Env): ArticleSource {
  return async (tenantId, contentId) => {
    // One RPC to the agent by name (the runtime gives it its name; no SDK round trip).
    return env.TENANT_AGENT.getByName(tenantId).getPublishableArticle(contentId);
  };
}
