/**
 * A request refused for its rate (429) is answered after a short hold rather than at
 * once. A client that honours Retry-After loses nothing: it would wait at least that
 * long anyway. A client that does not, and sends again the moment it is refused, is
 * slowed to one request per hold per connection, instead of costing the thread it
 * shares with every other tenant a refusal as fast as it can ask. The hold is a timer,
 * not work: a held request costs memory and a connection, and past `MAX_HELD` at once
 * the rest are answered at once. A flood that opens ever more connections is the
 * edge's to stop (docs/SECURITY.md).
 */

/** The longest a refusal is held, unless REFUSAL_HOLD_MS says otherwise (0: none). */
export const DEFAULT_REFUSAL_HOLD_MS = 1_000;

/** Refusals held at once per isolate; past it, answered at once. */
export const MAX_HELD = 256;

let held = 0;

/** How long to hold a refusal that asks the client to retry after `retryAfter` seconds. */
export function refusalHoldMs(configured: string | undefined, retryAfter: string | undefined) {
  const parsed = configured === undefined || configured === "" ? NaN : Number(configured);
  const cap = Number.isFinite(parsed) && parsed >= 0 ? parsed : DEFAULT_REFUSAL_HOLD_MS;
  const asked = Number(retryAfter ?? "1");
  const retryMs = Number.isFinite(asked) && asked > 0 ? asked * 1000 : 1000;
  return Math.min(cap, retryMs);
}

/** Waits `ms` (by `wait`) unless `MAX_HELD` refusals are already waiting. */
export async function holdRefusal(
  ms: number,
  wait: (ms: number) => Promise<void> = (delay) =>
    new Promise((resolve) => setTimeout(resolve, delay)),
): Promise<{ held: boolean }> {
  if (ms <= 0 || held >= MAX_HELD) return { held: false };
  held += 1;
  try {
    await wait(ms);
  } finally {
    held -= 1;
  }
  return { held: true };
}
