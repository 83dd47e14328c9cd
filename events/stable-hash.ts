/**
 * A fast, deterministic, non-cryptographic 64-bit hash of a string as 16 hex digits
 * (cyrb53's mixing, both halves kept). For ids that must come out the same every time
 * the same input is seen (workflow instance ids, research ids, span ids, synthetic
 * metrics); never for secrets. Synchronous, so pure decision code can use it.
 */
export function stableHash(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return hex8(h2) + hex8(h1);
}

/** The hash as a number in [0, 1), for deriving deterministic quantities. */
export function stableFraction(text: string, seed = 0): number {
  return Number.parseInt(stableHash(text, seed).slice(0, 13), 16) / 2 ** 52;
}

function hex8(n: number): string {
  return (n >>> 0).toString(16).padStart(8, "0");
}
