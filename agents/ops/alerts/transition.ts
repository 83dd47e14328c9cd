/**
 * When a subject fires and resolves (pure). ok → firing once the condition has held at
 * every evaluation for `forMs` (at once when 0); firing → ok at the first evaluation it
 * no longer holds. Each of those two changes is one event; nothing else makes one.
 */
export type Phase = { status: "ok" | "firing"; since: string; breaching_since: string | null };

export type Step = Phase & { transition: "firing" | "resolved" | null };

export function step(
  prev: Phase | undefined,
  breaching: boolean,
  nowMs: number,
  forMs: number,
): Step {
  const now = new Date(nowMs).toISOString();
  const was: Phase = prev ?? { status: "ok", since: now, breaching_since: null };
  if (was.status === "firing") {
    return breaching
      ? { ...was, transition: null }
      : { status: "ok", since: now, breaching_since: null, transition: "resolved" };
  }
  if (!breaching)
    return { status: "ok", since: was.since, breaching_since: null, transition: null };
  const holding = was.breaching_since ?? now;
  if (nowMs - Date.parse(holding) >= forMs) {
    return { status: "firing", since: now, breaching_since: null, transition: "firing" };
  }
  return { status: "ok", since: was.since, breaching_since: holding, transition: null };
}
