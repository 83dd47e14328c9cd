import { PermanentStepError } from "./errors";
import type { ResearchReader } from "./steps/fetch-research";

/**
 * Reads a research record from the research service by id. Until the research service
 * is part of this deployment a run given a research id cannot find it.
 */
export function researchReader(_env: Env): ResearchReader {
  return async (tenantId, researchId) => {
    throw new PermanentStepError(
      `cannot read research ${researchId} for ${tenantId}: no research service in this deployment`,
    );
  };
}
