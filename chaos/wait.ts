import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `probe` until `accept` holds, and returns the last value either way: the
 * caller's audit then says what is missing, which a bare timeout could not.
 */
export async function waitUntil<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs: number,
  intervalMs = 1_000,
): Promise<{ value: T; reached: boolean }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return { value, reached: true };
    if (Date.now() > deadline) return { value, reached: false };
    await sleep(intervalMs);
  }
}
