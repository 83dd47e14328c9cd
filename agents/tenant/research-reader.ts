import { z } from "zod";
import type { ResearchResult } from "./model";

/** Reads research results by id for one tenant; null for an id the service does not know. */
export type ResearchReader = (
  tenantId: string,
  ids: readonly string[],
) => Promise<Record<string, ResearchResult | null>>;

/** What the agent needs from the research service's read API; other fields are ignored. */
const ResearchRecord = z.object({
  research_id: z.string(),
  tenant_id: z.string(),
  keyword: z.string().min(1),
  difficulty: z.number().min(0).max(100),
  volume: z.number().min(0),
  intent: z.string(),
});

/**
 * The platform's one synchronous cross-service call: reading research by id. The
 * research service's shards are Durable Objects of its own Worker, bound here with
 * `script_name: "switchboard-research"` (wrangler.jsonc), so the agent calls the read
 * method the HTTP read API (`GET /services/research/:id`) is built on: one RPC per
 * research.completed instead of an HTTP hop per id.
 * The answer is parsed like any input from another service; a record of another
 * tenant counts as unknown.
 */
export function researchReader(env: Env): ResearchReader {
  return async (tenantId, ids) => {
    const out: Record<string, ResearchResult | null> = {};
    for (const id of ids) out[id] = null;
    if (ids.length === 0) return out;
    const records = await env.RESEARCH_SERVICE.getByName(tenantId).read([...ids]);
    for (const raw of records) {
      const parsed = ResearchRecord.safeParse(raw);
      if (!parsed.success || parsed.data.tenant_id !== tenantId) continue;
      const { research_id, keyword, difficulty, volume, intent } = parsed.data;
      if (research_id in out)
        out[research_id] = { research_id, keyword, difficulty, volume, intent };
    }
    return out;
  };
}
