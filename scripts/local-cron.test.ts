import { describe, expect, it } from "vitest";
import { msToNextMinute } from "./local-cron";

describe("the local platform cron", () => {
  it("fires at the start of the next minute", () => {
    expect(msToNextMinute(Date.parse("2026-01-01T10:00:15.250Z"))).toBe(44_750);
  });

  it("waits a whole minute when it is exactly on the minute", () => {
    expect(msToNextMinute(Date.parse("2026-01-01T10:00:00.000Z"))).toBe(60_000);
  });
});
