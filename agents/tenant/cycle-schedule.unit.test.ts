import { describe, expect, it } from "vitest";
import { reconcileCycleSchedules } from "./cycle-schedule";

describe("reconcileCycleSchedules", () => {
  it("creates the cycle schedule when there is none", () => {
    expect(reconcileCycleSchedules([], "0 6 * * *")).toEqual({ cancel: [], create: true });
  });

  it("keeps a schedule already on the cron", () => {
    const schedules = [{ id: "a", callback: "runCycle", type: "cron", cron: "0 6 * * *" }];
    expect(reconcileCycleSchedules(schedules, "0 6 * * *")).toEqual({ cancel: [], create: false });
  });

  it("cancels schedules on an old cron and duplicates, and leaves other callbacks alone", () => {
    const schedules = [
      { id: "old", callback: "runCycle", type: "cron", cron: "0 6 * * *" },
      { id: "keep", callback: "runCycle", type: "cron", cron: "*/5 * * * *" },
      { id: "dup", callback: "runCycle", type: "cron", cron: "*/5 * * * *" },
      { id: "other", callback: "sendSummary", type: "delayed" },
    ];
    expect(reconcileCycleSchedules(schedules, "*/5 * * * *")).toEqual({
      cancel: ["old", "dup"],
      create: false,
    });
  });
});
