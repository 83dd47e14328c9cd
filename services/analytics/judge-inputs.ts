import { z } from "zod";
import { RefreshThresholds } from "../../events/strategy";
import type { PublishedPage } from "./judge";

/** What judging a request's reports needs: the pages live at its URLs and the thresholds. */
export type JudgeInputs = {
  /** By URL; a URL with no published page is absent. */
  pages: Record<string, PublishedPage>;
  /** The tenant's refresh thresholds; null when no URL has a page (nothing to judge). */
  thresholds: RefreshThresholds | null;
};

/** Reads the inputs for one tenant's URLs; throws when a service cannot answer. */
export type JudgeInputReader = (tenantId: string, urls: readonly string[]) => Promise<JudgeInputs>;

const PageRecord = z.object({
  url: z.string(),
  content_id: z.string().min(1),
  published_at: z.iso.datetime({ offset: true }),
});

/** The strategy as the agent answers it; only the thresholds are read, the rest ignored. */
const StrategyAnswer = z.object({ strategy: z.looseObject(RefreshThresholds.shape) });

/**
 * Reads by id, the one synchronous cross-service call allowed: the pages from the
 * publisher (by URL: which article is live there, since when) and the refresh
 * thresholds from the tenant's strategy, which its agent owns (by tenant id). Both are
 * Durable Objects of other Workers (the publisher's, the platform's), reached over the
 * bindings services/analytics/wrangler.jsonc declares with their `script_name`. Answers
 * are parsed like any other service's data. The strategy is read only when a page is known.
 */
export function platformInputs(env: Env): JudgeInputReader {
  return async (tenantId, urls) => {
    const pages: Record<string, PublishedPage> = {};
    const records = await env.PUBLISHER_SERVICE.getByName(tenantId).pagesAt([...urls]);
    for (const raw of records) {
      const parsed = PageRecord.safeParse(raw);
      // Newest first: a URL two articles were published at is the newest one's.
      if (parsed.success && urls.includes(parsed.data.url) && !pages[parsed.data.url])
        pages[parsed.data.url] = parsed.data;
    }
    if (Object.keys(pages).length === 0) return { pages, thresholds: null };
    const answer = StrategyAnswer.parse(await env.TENANT_AGENT.getByName(tenantId).getStrategy());
    const { refresh_min_clicks, refresh_max_position, refresh_check_after_days } = answer.strategy;
    return {
      pages,
      thresholds: { refresh_min_clicks, refresh_max_position, refresh_check_after_days },
    };
  };
}
