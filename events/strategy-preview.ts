import { z } from "zod";

// The answer of `POST /api/tenants/:id/strategy/preview`: what a draft strategy would
// keep and drop, decided by the agent's own code, now and over its past research. The
// agent computes it (agents/tenant/strategy-preview.ts) and the dashboard parses it with
// this schema. The draft itself is the agent's `Strategy`, which lives beside the agent
// (it needs croner): `strategyPreviewSchema(Strategy)` completes the schema.

/** How many days of past research a preview replays: `?days=`, 1–30, 7 by default. */
export const PREVIEW_DAYS = { default: 7, max: 30 } as const;

/** The query of the preview route. */
export const PreviewQuery = z.object({
  days: z.coerce.number().int().min(1).max(PREVIEW_DAYS.max).default(PREVIEW_DAYS.default),
});

/** What a strategy does with a researched keyword: starts an article for it, or not. */
export const KeywordOutcome = z.enum(["kept", "dropped"]);
export type KeywordOutcome = z.infer<typeof KeywordOutcome>;

const researched = {
  keyword: z.string(),
  research_id: z.string(),
  difficulty: z.number(),
  volume: z.number(),
};

/** A keyword the strategy keeps: a content run would start for it. */
export const KeptKeyword = z.object({
  ...researched,
  /** The agent's words: "kept 'budget apps': difficulty 22 < 40, volume 900 > 100, ranked 1 of 2 …". */
  reasons: z.array(z.string()),
});
export type KeptKeyword = z.infer<typeof KeptKeyword>;

/** A keyword the strategy drops, with the reason that dropped it. */
export const DroppedKeyword = z.object({
  ...researched,
  /** "dropped 'crypto tax': difficulty 54 ≥ 40", "not started 'x': the daily run budget …". */
  reason: z.string(),
});
export type DroppedKeyword = z.infer<typeof DroppedKeyword>;

/** A keyword the draft decides otherwise than the strategy in force. */
export const OutcomeChange = z.object({
  keyword: z.string(),
  current: KeywordOutcome,
  draft: KeywordOutcome,
  /** Why the draft decides as it does. */
  reason: z.string(),
  /** Why the strategy in force decides as it does. */
  current_reason: z.string(),
});
export type OutcomeChange = z.infer<typeof OutcomeChange>;

/** A change found replaying past research: which research, and when it came. */
export const PastOutcomeChange = OutcomeChange.extend({
  researched_at: z.string(),
  correlation_id: z.string().nullable(),
});
export type PastOutcomeChange = z.infer<typeof PastOutcomeChange>;

const byStrategy = z.object({ current: z.number().int(), draft: z.number().int() });

/** Everything but the draft itself (see `strategyPreviewSchema`). */
export const StrategyPreviewOutcome = z.object({
  /** The version in force, which the draft is compared with (a preview makes none). */
  strategy_version_now: z.number().int(),
  /** What a cycle run now with the draft would do with the research the agent holds. */
  now: z.object({
    /** The draft's seed keywords that have research to judge. */
    researched: z.number().int(),
    kept: z.array(KeptKeyword),
    dropped: z.array(DroppedKeyword),
    /** Seed keywords never researched yet: the next research request asks about them. */
    not_researched: z.array(z.string()),
  }),
  /** Keywords the draft would decide otherwise than the strategy in force, now. */
  differs: z.array(OutcomeChange),
  /** The research of the last `days` days, decided again with each strategy. */
  over_past: z.object({
    days: z.number().int(),
    /** The start of the window (inclusive). */
    since: z.string(),
    /** Research rows the agent received in the window (one per keyword and research). */
    research_rows: z.number().int(),
    /** How many of those rows each strategy keeps, and drops. */
    kept: byStrategy,
    dropped: byStrategy,
    changed: z.array(PastOutcomeChange),
  }),
});

/** The whole answer, with the draft as `strategy` parses it (the agent's `Strategy`). */
export function strategyPreviewSchema<S extends z.ZodType>(strategy: S) {
  return StrategyPreviewOutcome.extend({ draft: strategy });
}

/** The answer, for a draft of type `S`. */
export type StrategyPreview<S> = z.infer<typeof StrategyPreviewOutcome> & { draft: S };
