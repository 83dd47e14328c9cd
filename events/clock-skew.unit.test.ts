import { describe, expect, it } from "vitest";
import { futureTimes, MAX_FUTURE_SKEW_MS } from "./clock-skew";

const now = Date.UTC(2031, 5, 1, 12, 0, 0);
const at = (ms: number) => new Date(ms).toISOString();

describe("futureTimes", () => {
  it("lets through times up to five minutes ahead of the clock, and the past", () => {
    expect(
      futureTimes(
        [
          { timestamp: at(now + MAX_FUTURE_SKEW_MS), payload: {} },
          { timestamp: at(now - 365 * 86_400_000), payload: { published_at: at(now) } },
        ],
        now,
      ),
    ).toEqual([]);
  });

  it("names each time more than five minutes ahead, in the envelope or a payload's *_at", () => {
    const errors = futureTimes(
      [
        { timestamp: "9999-12-31T23:59:59Z", payload: {} },
        { timestamp: at(now), payload: { published_at: at(now + MAX_FUTURE_SKEW_MS + 1) } },
      ],
      now,
    );
    expect(errors.map((e) => [e.index, e.errors.map((f) => f.path)])).toEqual([
      [0, ["timestamp"]],
      [1, ["payload.published_at"]],
    ]);
    expect(errors[0]?.errors[0]?.message).toContain("more than 5 minutes ahead");
  });
});
