const encoder = new TextEncoder();

/** The first `bytes` bytes of SHA-256 of a text: stable ids and seeds for the services. */
export async function digest(text: string, bytes = 16): Promise<Uint8Array> {
  const hash = await crypto.subtle.digest("SHA-256", encoder.encode(text));
  return new Uint8Array(hash).slice(0, bytes);
}

/** A short, stable hex id for a text (12 hex characters). */
export async function shortId(text: string): Promise<string> {
  return [...(await digest(text, 6))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
