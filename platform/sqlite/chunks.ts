/** Durable Object SQLite takes at most 100 bound parameters in one statement. */
export const MAX_BOUND_PARAMETERS = 100;

/** Splits a list into runs that fit one statement's bound parameters (`IN (?, ?, …)`). */
export function chunksOf<T>(items: readonly T[], size = MAX_BOUND_PARAMETERS): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** `?, ?, …` for n parameters. */
export function placeholders(n: number): string {
  return new Array<string>(n).fill("?").join(",");
}
