import { PermanentStepError } from "../errors";
import type { ParsedRunParams } from "../params";
import { ResearchBrief } from "../text/provider";
import { hash32 } from "../text/seeded";

/** Reads one research record by id; null when there is none with that id. */
export type ResearchReader = (
  tenantId: string,
  researchId: string,
) => Promise<ResearchBrief | null>;

/**
 * Step "fetch research": the brief the article is written from. With a research id it
 * is read from the research service (the one synchronous cross-service call the
 * platform allows: a read by id); a missing record is permanent. Without one, the
 * brief is estimated from the keyword alone.
 */
export async function fetchResearch(
  params: ParsedRunParams,
  read: ResearchReader,
): Promise<ResearchBrief> {
  if (!params.research_id) return estimateBrief(params.keyword);
  const found = await read(params.tenant_id, params.research_id);
  if (!found) {
    throw new PermanentStepError(
      `research ${params.research_id} not found for tenant ${params.tenant_id}`,
    );
  }
  const brief = ResearchBrief.safeParse(found);
  if (!brief.success) {
    throw new PermanentStepError(`research ${params.research_id} is not readable as a brief`);
  }
  return brief.data;
}

const COMMERCIAL = /\b(best|top|vs|versus|review|reviews|compare|comparison|alternatives?)\b/i;
const TRANSACTIONAL = /\b(buy|price|prices|cheap|deal|deals|discount|coupon|order)\b/i;
const NAVIGATIONAL = /\b(login|sign in|app store|download|near me)\b/i;

/** A plausible brief from the keyword alone (stable for a keyword), when no research ran. */
export function estimateBrief(keyword: string): ResearchBrief {
  const h = hash32(keyword.toLowerCase());
  const intent = COMMERCIAL.test(keyword)
    ? "commercial"
    : TRANSACTIONAL.test(keyword)
      ? "transactional"
      : NAVIGATIONAL.test(keyword)
        ? "navigational"
        : "informational";
  return {
    research_id: null,
    keyword,
    volume: 200 + (h % 9800),
    difficulty: 10 + ((h >>> 8) % 70),
    intent,
    related: [],
    questions: [],
  };
}
