import { z } from "zod";

/**
 * Opaque page cursors for keyset-paged lists: the sort key of the last row a page
 * showed, as base64url JSON. A client only hands back what `next_cursor` gave it; the
 * key says where the next page starts, never which rows a caller may see (the query's
 * filters and the caller's scope still decide that).
 */
export function encodeCursor(key: readonly (string | number)[]): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(JSON.stringify(key))) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** At most this long: a cursor is a short key, so anything longer is not one of ours. */
const MAX_CURSOR_LENGTH = 1024;

/**
 * A `cursor` query parameter decoded into its key with `key`, the list's own key
 * schema: a cursor that does not decode into one is a field error (400 via `parseQuery`).
 */
export function cursorParam<K extends z.ZodType>(key: K) {
  return z
    .string()
    .max(MAX_CURSOR_LENGTH)
    .transform((text, ctx): z.output<K> => {
      const parsed = key.safeParse(decode(text));
      if (parsed.success) return parsed.data;
      ctx.addIssue({ code: "custom", message: "not a cursor this list gave out" });
      return z.NEVER;
    });
}

function decode(text: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return undefined;
  try {
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    const bytes = Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
    return JSON.parse(
      new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes),
    ) as unknown;
  } catch {
    // Not base64, not UTF-8 or not JSON: the key schema refuses undefined.
    return undefined;
  }
}
