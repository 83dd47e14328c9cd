import { AgentWorkflow, type AgentWorkflowEvent, type AgentWorkflowStep } from "agents/workflows";
import type { TenantAgent } from "../agents/tenant-agent";

/** What a tenant agent passes when it starts a content run. */
export type ContentRunParams = {
  tenant_id: string;
  keyword: string;
  correlation_id?: string;
  /** The message whose decision started the run. */
  causation_id?: string;
  /** The article's id: the run id for a new article, the existing id for a rewrite. */
  content_id?: string;
  research_id?: string | null;
  template?: string;
  require_approval?: boolean;
  social_enabled?: boolean;
};

/**
 * The content run of one keyword for one tenant. Its steps (research → outline →
 * draft → editorial → approval → store → publish) are filled in by the content loop;
 * until then a run records that it was asked for and completes.
 */
export class ContentWorkflow extends AgentWorkflow<TenantAgent, ContentRunParams> {
  override async run(event: AgentWorkflowEvent<ContentRunParams>, step: AgentWorkflowStep) {
    const accepted = await step.do("accept run", async () => ({
      keyword: event.payload.keyword,
      accepted_at: new Date().toISOString(),
    }));
    await step.reportComplete(accepted);
    return accepted;
  }
}
