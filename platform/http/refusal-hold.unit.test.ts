import { describe, expect, it } from "vitest";
import { DEFAULT_REFUSAL_HOLD_MS, holdRefusal, MAX_HELD, refusalHoldMs } from "./refusal-hold";

/** A timer the test releases by hand: nothing here waits on the clock. */
function manualTimer() {
  const waiting: { ms: number; release: () => void }[] = [];
  return {
    wait: (ms: number) => new Promise<void>((release) => waiting.push({ ms, release })),
    waiting,
  };
}

describe("holding a refusal", () => {
  it("holds for the Retry-After, at most the configured hold", () => {
    expect(refusalHoldMs(undefined, "5")).toBe(DEFAULT_REFUSAL_HOLD_MS);
    expect(refusalHoldMs("2000", "1")).toBe(1000);
    expect(refusalHoldMs("250", "30")).toBe(250);
    expect(refusalHoldMs("0", "30")).toBe(0);
    expect(refusalHoldMs("not a number", undefined)).toBe(DEFAULT_REFUSAL_HOLD_MS);
  });

  it("answers a refusal only once its hold has passed", async () => {
    // Given a refusal held for 800 ms
    const timer = manualTimer();
    let answered = false;
    const hold = holdRefusal(800, timer.wait).then((r) => {
      answered = true;
      return r;
    });
    await Promise.resolve();

    // Then it waits on the timer, for that long, and is answered when the timer fires.
    expect(timer.waiting.map((w) => w.ms)).toEqual([800]);
    expect(answered).toBe(false);
    timer.waiting[0]?.release();
    expect(await hold).toEqual({ held: true });
  });

  it("answers at once past the number of refusals it may hold", async () => {
    // Given as many held refusals as may be
    const timer = manualTimer();
    const holds = Array.from({ length: MAX_HELD }, () => holdRefusal(1000, timer.wait));

    // When one more is refused, then it is answered without waiting,
    expect(await holdRefusal(1000, timer.wait)).toEqual({ held: false });
    expect(timer.waiting).toHaveLength(MAX_HELD);
    // and once the others are answered, a refusal is held again.
    for (const w of timer.waiting) w.release();
    await Promise.all(holds);
    const next = holdRefusal(1000, timer.wait);
    expect(timer.waiting).toHaveLength(MAX_HELD + 1);
    timer.waiting.at(-1)?.release();
    expect(await next).toEqual({ held: true });
  });
});
