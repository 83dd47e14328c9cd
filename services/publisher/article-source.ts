import { getAgentByName } from "agents";
import type { PublishableArticle } from "../../events/articles";

/** The article a command names if its tenant's agent says it may go live, else why not. */
export type ArticleSource = (tenantId: string, contentId: string) => Promise<PublishableArticle>;

/**
 * The articles live with the tenant's agent, which stored them for its content run and
 * alone knows whether each was approved: the publisher asks it by content id before
 * publishing anything. This is the one synchronous cross-service call the platform
 * allows; a publisher deployed as its own Worker would make it over a service binding.
 */
export function agentArticles(env: Env): ArticleSource {
  return async (tenantId, contentId) => {
    const agent = await getAgentByName(env.TENANT_AGENT, tenantId);
    return agent.getPublishableArticle(contentId);
  };
}
