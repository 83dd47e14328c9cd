import { getAgentByName } from "agents";
import type { StoredArticle } from "../../agents/tenant/articles";

/** Reads a stored article by id; null when there is none. */
export type ArticleSource = (tenantId: string, contentId: string) => Promise<StoredArticle | null>;

/**
 * The articles live with the tenant's agent, which stored them for its content run.
 * Reading one by id is the one synchronous cross-service call the platform allows; a
 * publisher deployed as its own Worker would do it over a service binding.
 */
export function agentArticles(env: Env): ArticleSource {
  return async (tenantId, contentId) => {
    const agent = await getAgentByName(env.TENANT_AGENT, tenantId);
    return agent.getArticle(contentId);
  };
}
