import { z } from "zod";
import { count, maybeCount, text } from "./fields";

/** A decision as a replay's preview compares them. */
export const DecisionOutline = z.looseObject({
  kind: text,
  summary: text,
  /** The keywords it keeps (for a decision on research or a refresh). */
  kept: z.array(text),
  /** The types of the messages it sends. */
  emits: z.array(text),
});
export type DecisionOutline = z.infer<typeof DecisionOutline>;

/** What the agent's dedup will make of a replayed event. */
export const ReplayDedup = z.enum(["skip", "apply"]);

/** One event of a replay's preview. */
export const ReplayPreviewItem = z.looseObject({
  event_id: text,
  type: text,
  timestamp: text,
  /** `skip`: the agent still remembers its id (a duplicate); `apply`: past the dedup horizon. */
  dedup: ReplayDedup,
  reason: text,
  /** For a type that decides: the decision recorded then (null if none), the one now, and whether they differ. */
  decision: z
    .looseObject({
      // biome-ignore lint/suspicious/noThenProperty: the API's field name (then beside now); a decision, never a function, so no await takes it for a promise.
      then: DecisionOutline.nullable(),
      now: DecisionOutline,
      differs: z.boolean(),
    })
    .optional(),
});
export type ReplayPreviewItem = z.infer<typeof ReplayPreviewItem>;

/** `POST /api/replay` with `preview: true`: what a replay would do; nothing was sent. */
export const ReplayPreview = z.looseObject({
  tenant: text,
  preview: z.literal(true),
  items: z.array(ReplayPreviewItem),
  totals: z.looseObject({ selected: count, skip: count, apply: count, differs: count }),
  /** The `before` of the rest of the selection; null when nothing is left. */
  next_before: maybeCount,
});
export type ReplayPreview = z.infer<typeof ReplayPreview>;

/** One event a replay sent. */
export const ReplaySentItem = z.looseObject({
  event_id: text,
  outcome: z.literal("sent"),
  dedup: ReplayDedup,
});

/** `POST /api/replay`: every event was sent to the events queue again, under its own id. */
export const ReplaySent = z.looseObject({
  tenant: text,
  preview: z.literal(false),
  items: z.array(ReplaySentItem),
  totals: z.looseObject({ selected: count, sent: count, skip: count, apply: count }),
  next_before: maybeCount,
});
export type ReplaySent = z.infer<typeof ReplaySent>;
