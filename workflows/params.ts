import { z } from "zod";
import { TenantId, Traceparent } from "../events";

/**
 * What a tenant agent passes when it starts a content run. Parsed at the start of
 * every run. Not strict on purpose: an agent newer than this workflow may pass more,
 * and a run must not fail for a field it does not use.
 */
export const ContentRunParams = z.object({
  tenant_id: TenantId,
  keyword: z.string().trim().min(1).max(100),
  /** The cycle's correlation id; every message of the run carries it. */
  correlation_id: z.string().min(1).max(128).optional(),
  /** The message whose decision started the run; the run's messages name it as their cause. */
  causation_id: z.string().min(1).max(128).optional(),
  /**
   * The W3C trace context the run was decided under; the run's own span (derived from its
   * id) is the parent of the HTTP calls it makes. One that does not parse is dropped: a
   * run never fails for its trace.
   */
  traceparent: Traceparent.optional().catch(undefined),
  /** The research record to write from; without one (a rewrite) the run estimates from the keyword. */
  research_id: z.string().min(1).max(128).nullable().optional(),
  /** Article template from the strategy ("guide", "how-to", "listicle", "comparison"). */
  template: z.string().max(40).optional(),
  /** Wait for a person to approve the article before it is published. */
  require_approval: z.boolean().optional(),
  /** Whether the tenant announces articles on social accounts (routing decides; kept for the record). */
  social_enabled: z.boolean().optional(),
  /** The article's id: the run id for a new article, the existing id for a rewrite. */
  content_id: z
    .string()
    .min(1)
    .max(128)
    .regex(/^[\x21-\x7e]+$/)
    .optional(),
});
export type ContentRunParams = z.input<typeof ContentRunParams>;
export type ParsedRunParams = z.output<typeof ContentRunParams>;
