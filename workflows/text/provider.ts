import { z } from "zod";

/**
 * What an article is written from: the keyword and what research found about it.
 * Built by the "fetch research" step; a provider never reads anything else.
 */
export const ResearchBrief = z.object({
  /** The research record this brief came from; null when the run had none. */
  research_id: z.string().nullable(),
  keyword: z.string().min(1).max(100),
  /** Monthly searches. */
  volume: z.number().int().nonnegative(),
  /** Ranking difficulty, 0 (easy) to 100 (hard). */
  difficulty: z.number().min(0).max(100),
  intent: z.enum(["informational", "commercial", "transactional", "navigational"]),
  related: z.array(z.string().min(1).max(100)).max(20),
  questions: z.array(z.string().min(1).max(200)).max(20),
});
export type ResearchBrief = z.infer<typeof ResearchBrief>;

/** The article templates a strategy can ask for; an unknown name falls back to "guide". */
export const TEMPLATES = ["guide", "how-to", "listicle", "comparison"] as const;
export type Template = (typeof TEMPLATES)[number];

export function toTemplate(name: string | undefined): Template {
  return (TEMPLATES as readonly string[]).includes(name ?? "") ? (name as Template) : "guide";
}

/** The plan of an article: its title, a one-line description and its sections in order. */
export const Outline = z.object({
  title: z.string().min(1).max(200),
  description: z.string().min(1).max(300),
  sections: z
    .array(
      z.object({
        heading: z.string().min(1).max(200),
        points: z.array(z.string().min(1).max(300)).min(1).max(12),
      }),
    )
    .min(2)
    .max(15),
});
export type Outline = z.infer<typeof Outline>;

/** A written article: markdown with one `# title` and `##` sections. */
export type Draft = { title: string; markdown: string };

/**
 * The run's W3C trace context for an HTTP call (`outgoingTraceparent`): a provider that
 * calls an endpoint sends it as the `traceparent` header.
 */
type Traced = { traceparent?: string };

export type OutlineRequest = Traced & { brief: ResearchBrief; template: Template };
export type DraftRequest = Traced & { brief: ResearchBrief; template: Template; outline: Outline };

/**
 * Text generation. The workflow depends on this interface only, so the local
 * deterministic writer and a real model endpoint are interchangeable by configuration.
 * Implementations throw `ProviderError`: `permanent` when asking again cannot help.
 */
export interface TextProvider {
  /** Shown in logs and in the run's result, e.g. "local" or "openai-compatible:gpt-4o-mini". */
  readonly name: string;
  outline(request: OutlineRequest): Promise<Outline>;
  draft(request: DraftRequest): Promise<Draft>;
}

/** A provider failure; `permanent` ones (bad credentials, a refused request) are not retried. */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  constructor(
    message: string,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}
