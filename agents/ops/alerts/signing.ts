/**
 * The webhook signature: `x-switchboard-signature: t=<unix seconds>,v1=<hex>` where the
 * hex is HMAC-SHA256, keyed with the webhook's secret (its UTF-8 bytes), over
 * `<t>.<body>`. The timestamp lets a receiver refuse replays; the body is the exact
 * bytes sent. WebCrypto only, so it runs in Workers, Node and browsers alike.
 */
export const SIGNATURE_HEADER = "x-switchboard-signature";
export const EVENT_ID_HEADER = "x-switchboard-event-id";

async function hmacHex(secret: string, message: string): Promise<string> {
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey(
    "raw",
    encoder.encode(secret),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(message));
  return [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export async function signatureHeader(
  secret: string,
  body: string,
  tSeconds: number,
): Promise<string> {
  return `t=${tSeconds},v1=${await hmacHex(secret, `${tSeconds}.${body}`)}`;
}

/**
 * True when `header` signs `body` with `secret` and its timestamp is within
 * `toleranceSeconds` of `nowSeconds`: what a receiver checks (docs/OPERATIONS.md).
 */
export async function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceSeconds = 300,
): Promise<boolean> {
  const parts = new Map(
    header.split(",").map((part) => {
      const at = part.indexOf("=");
      return [part.slice(0, at).trim(), part.slice(at + 1).trim()] as const;
    }),
  );
  const t = Number(parts.get("t"));
  const given = parts.get("v1");
  if (!Number.isInteger(t) || given === undefined) return false;
  if (Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = await hmacHex(secret, `${t}.${body}`);
  // Compared in full whatever differs first, so the time taken says nothing.
  let diff = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i++) {
    diff |= expected.charCodeAt(i) ^ (given.charCodeAt(i) || 0);
  }
  return diff === 0;
}

/** A new webhook secret: 32 random bytes, base64url, with a prefix that says what it is. */
export function newSecret(): string {
  let binary = "";
  for (const byte of crypto.getRandomValues(new Uint8Array(32))) {
    binary += String.fromCharCode(byte);
  }
  const text = btoa(binary).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
  return `whsec_${text}`;
}
