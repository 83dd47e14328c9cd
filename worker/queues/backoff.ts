/**
 * Exponential backoff for a message's next delivery: 2 s, 4 s, 8 s … capped at 5
 * minutes, so a struggling destination is not hammered while it recovers.
 */
export function retryDelaySeconds(attempts: number): number {
  const exponent = Math.max(0, attempts);
  return Math.min(300, 2 ** exponent);
}
