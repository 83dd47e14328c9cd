import { consume } from "../../platform/consumer/consume";
import { serviceWorker } from "../../platform/service/service-worker";
import { withFaults } from "../faults/with-faults";
import { SERVICE_QUEUES } from "../shared/names";
import { handleResearchCommands } from "./consumer";
import { researchReadApi } from "./read-api";

export { ResearchService } from "./research-service";

/** `research-commands` in the consumer pipeline: `research.requested` only, faults first. */
export const researchCommands = consume(
  "research-commands",
  withFaults("research", handleResearchCommands),
  { accepts: ["research.requested"] },
);

/** The research service's Worker (services/research/wrangler.jsonc). */
export default serviceWorker("research", SERVICE_QUEUES.research, researchCommands, {
  path: "/services/research",
  app: researchReadApi,
});
