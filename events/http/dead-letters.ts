import { z } from "zod";
import { anyJson, count, maybeText, text } from "./fields";
import { Waiting } from "./runs";

/** A message that could not be delivered, kept with why, until an operator acts on it. */
export const DeadLetter = z.looseObject({
  id: text,
  /** The queue it was consumed from, and is redriven to. */
  queue: text,
  reason: text,
  attempts: count,
  event_id: maybeText,
  type: maybeText,
  tenant_id: maybeText,
  /** The body as it was on the queue: its JSON decoded, or the text when it was not JSON. */
  body: anyJson,
  first_seen: text,
  last_seen: text,
  /** Bumped each time the letter is stored again. */
  version: count,
  /** Why it does not move: `dead_lettered` (an operator's turn) or `past_redrive_horizon`. */
  waiting: Waiting,
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** The store's counters (the tenant's when the list is filtered by tenant) and its bounds. */
export const DeadLetterStore = z.looseObject({
  /** The tenant the counters are of; null for the whole store. */
  tenant: maybeText,
  letters: count,
  /** Removed to make room (each tenant holds at most `quota_per_tenant`). */
  evicted: count,
  /** Removed past `retention_days` without failing again. */
  expired: count,
  quota_per_tenant: count,
  retention_days: count,
  /** Letters first seen longer ago than this are refused by a redrive. */
  redrive_horizon_days: count,
});
export type DeadLetterStore = z.infer<typeof DeadLetterStore>;

/**
 * `GET /api/dlq`: dead letters, newest first, a page at a time; `next_cursor` is the
 * next (older) page's `cursor`, null on the last page.
 */
export const DeadLetterPage = z.object({
  dead_letters: z.array(DeadLetter),
  next_cursor: maybeText,
  store: DeadLetterStore,
});
export type DeadLetterPage = z.infer<typeof DeadLetterPage>;

/** `POST /api/dlq/redrive`: what happened to each letter asked for. */
export const RedriveResult = z.object({
  /** Sent back to their queues and removed from the store. */
  redriven: z.array(text),
  /** Ids asked for that are not in the store. */
  missing: z.array(text),
  /** Their queue refused the send; they stay in the store. */
  failed: z.array(z.object({ id: text, error: text })),
  /** Sent, but still in the store: dead-lettered again while the redrive ran. */
  kept: z.array(text),
  /** Letters past the dedup horizon: never sent, each with why. */
  refused: z.array(z.object({ id: text, reason: text })).default([]),
});
export type RedriveResult = z.infer<typeof RedriveResult>;

/** `POST /api/dlq/:id/redrive`: the one letter was sent ("kept" when it failed again meanwhile). */
export const LetterRedriven = z.object({
  id: text,
  /** "redriven", or "kept" when it was dead-lettered again meanwhile. */
  status: text,
});
export type LetterRedriven = z.infer<typeof LetterRedriven>;

/** `POST /api/dlq/redrive` with `preview: true`: what a redrive would do, nothing sent. */
export const RedrivePreview = z.object({
  preview: z.literal(true),
  letters: z.array(
    z.looseObject({
      id: text,
      queue: text,
      tenant_id: maybeText,
      event_id: maybeText,
      type: maybeText,
      /** `apply`, `skip` (its agent applied it already), `destination-decides`, `unknown`. */
      effect: text,
      reason: text,
    }),
  ),
  missing: z.array(text),
  refused: z.array(z.object({ id: text, reason: text })).default([]),
});
export type RedrivePreview = z.infer<typeof RedrivePreview>;
