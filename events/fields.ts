import { z } from "zod";

// Building blocks for catalog payloads. Payloads carry ids and small facts, so every
// field is bounded: a message stays far below the 128 KB limit by construction.

/**
 * Names that mean something to every JavaScript object. An id with one of them, used as
 * a key (`model[id]`), reaches the prototype instead of a field: refused wherever an id
 * is parsed, so no handler ever meets one.
 */
export const PROTOTYPE_NAMES: ReadonlySet<string> = new Set([
  "__proto__",
  "constructor",
  "prototype",
]);

/** An id of something stored elsewhere: 1–128 visible ASCII characters, no spaces. */
export const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, "must be visible ASCII without spaces")
  .refine((id) => !PROTOTYPE_NAMES.has(id), "must not be __proto__, constructor or prototype");

/** A search keyword as a human typed it. */
export const Keyword = z.string().min(1).max(100);

/** A free-text explanation meant for a log line, not a document. */
export const Reason = z.string().min(1).max(512);

/**
 * A public page; only http(s), so a `javascript:` or `file:` URL never reaches a service.
 * Normalised (`new URL(…).href`: lowercase scheme and host, default port dropped, path
 * escapes made canonical), so two spellings of one page are one key; a broken `%`
 * escape, which would throw in every consumer that decodes the path, is refused here.
 */
export const PageUrl = z
  .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
  .max(2048)
  .refine(decodable, "must not contain a broken % escape")
  .transform((url) => new URL(url).href)
  .pipe(z.string().max(2048, "must be at most 2048 characters once normalised"));

function decodable(url: string): boolean {
  try {
    const parsed = new URL(url);
    decodeURIComponent(parsed.pathname);
    decodeURIComponent(parsed.search);
    decodeURIComponent(parsed.hash);
    return true;
  } catch {
    return false;
  }
}

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
