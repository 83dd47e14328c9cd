import { z } from "zod";

// Building blocks for catalog payloads. Payloads carry ids and small facts, so every
// field is bounded: a message stays far below the 128 KB limit by construction.

/** An id of something stored elsewhere: 1–128 visible ASCII characters, no spaces. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "must be visible ASCII without spaces");

/** A search keyword as a human typed it. */
export const Keyword = z.string().min(1).max(100);

/** A free-text explanation meant for a log line, not a document. */
export const Reason = z.string().min(1).max(512);

/** A public page; only http(s), so a `javascript:` or `file:` URL never reaches a service. */
export const PageUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).max(2048);

/** A count of things: a non-negative integer. */
export const Count = z.number().int().nonnegative();

/**
 * A reporting window. An enum rather than free text: analytics providers report over
 * fixed windows, and a closed set lets consumers compare reports of the same period.
 */
export const Period = z.enum(["7d", "28d", "90d"]);
export type Period = z.infer<typeof Period>;

/** At most 100 items: lists in payloads are ids, never the data itself. */
export function list<T extends z.ZodType>(item: T) {
  return z.array(item).max(100);
}
