import { describe, expect, it } from "vitest";
import { addDays, earlierOf, isCycleOverdue, laterOf, periodFor, timeAgo } from "./timing";

const MINUTE = 60_000;

describe("isCycleOverdue", () => {
  it("is not overdue while the next cron time plus grace has not passed", () => {
    // Given a daily 06:00 cycle that last ran today at 06:00
    const last = "2025-03-01T06:00:00.000Z";
    // Then it is not overdue the next morning at 06:04 with five minutes' grace
    expect(
      isCycleOverdue("0 6 * * *", last, new Date("2025-03-02T06:04:00.000Z"), 5 * MINUTE),
    ).toBe(false);
  });

  it("is overdue once the next cron time plus grace has passed", () => {
    const last = "2025-03-01T06:00:00.000Z";
    expect(
      isCycleOverdue("0 6 * * *", last, new Date("2025-03-02T06:06:00.000Z"), 5 * MINUTE),
    ).toBe(true);
  });
});

describe("time helpers", () => {
  it("says how long ago in minutes, hours or days", () => {
    const now = new Date("2025-03-10T12:00:00.000Z");
    expect(timeAgo("2025-03-10T11:59:00.000Z", now)).toBe("1 minute ago");
    expect(timeAgo("2025-03-10T09:30:00.000Z", now)).toBe("2 hours ago");
    expect(timeAgo("2025-03-07T00:00:00.000Z", now)).toBe("3.5 days ago");
  });

  it("adds days", () => {
    expect(addDays("2025-03-01T00:00:00.000Z", 28)).toBe("2025-03-29T00:00:00.000Z");
  });

  it("picks the later and the earlier time, treating null as absent", () => {
    expect(laterOf(null, "2025-01-01T00:00:00Z")).toBe("2025-01-01T00:00:00Z");
    expect(laterOf("2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z")).toBe("2025-01-02T00:00:00Z");
    expect(earlierOf("2025-01-02T00:00:00Z", "2025-01-01T00:00:00Z")).toBe("2025-01-01T00:00:00Z");
  });

  it.each([
    [1, "7d"],
    [7, "7d"],
    [14, "28d"],
    [28, "28d"],
    [60, "90d"],
  ] as const)("reports a %i-day check over %s", (days, period) => {
    expect(periodFor(days)).toBe(period);
  });
});
