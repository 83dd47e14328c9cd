import { z } from "zod";
import type { ResearchReader } from "./steps/fetch-research";
import type { ResearchBrief } from "./text/provider";

/** What the run needs of a research record; other fields are ignored. */
const ResearchRecord = z.object({
  research_id: z.string(),
  tenant_id: z.string(),
  keyword: z.string().min(1).max(100),
  difficulty: z.number().min(0).max(100),
  volume: z.number().min(0),
  intent: z.string(),
});

const INTENTS = ["informational", "commercial", "transactional", "navigational"] as const;

/**
 * Reads a research record by id from the research service — the one synchronous
 * cross-service call the platform allows. Its shards are Durable Objects of the research
 * Worker, bound by `script_name` (wrangler.jsonc), so this calls the read method
 * `GET /services/research/:id` is built on. The
 * answer is parsed like any input from another service; a record of another tenant, or
 * one that does not parse, counts as not found.
 */
export function researchReader(env: Env): ResearchReader {
  return async (tenantId, researchId) => {
    const [raw] = await env.RESEARCH_SERVICE.getByName(tenantId).read([researchId]);
    const record = ResearchRecord.safeParse(raw);
    if (!record.success || record.data.tenant_id !== tenantId) return null;
    const { keyword, difficulty, volume, intent } = record.data;
    const brief: ResearchBrief = {
      research_id: researchId,
      keyword,
      volume: Math.round(volume),
      difficulty,
      intent: (INTENTS as readonly string[]).includes(intent)
        ? (intent as ResearchBrief["intent"])
        : "informational",
      // The reference research service reports metrics only; a richer one would add these.
      related: [],
      questions: [],
    };
    return brief;
  };
}
