import { describe, expect, it } from "vitest";
import { type Budget, budgetStatus, levelOf, monthBounds, monthOf } from "./budget-status";

const budget = (monthly_usd: number, pause_runs = false): Budget => ({
  monthly_usd,
  pause_runs,
  updated_at: "2030-03-01T00:00:00.000Z",
  updated_by: "operator",
});
/** $1 of SQLite rows written at the price table's $1 per million. */
const oneDollar = { do_requests: 0, sqlite_rows_read: 0, sqlite_rows_written: 1_000_000 };
const midMarch = Date.UTC(2030, 2, 16, 12); // half of March 2030's 31 days, and 12 h

describe("a tenant's spend against its budget", () => {
  it("names the calendar month in UTC and its bounds", () => {
    expect(monthOf(Date.UTC(2030, 11, 31, 23, 59))).toBe("2030-12");
    expect(monthBounds("2030-12")).toEqual({
      start: Date.UTC(2030, 11, 1),
      end: Date.UTC(2031, 0, 1),
    });
  });

  it("forecasts the month's end at the pace so far", () => {
    // given $1 spent in the first 15.5 of 31 days
    const status = budgetStatus(null, oneDollar, midMarch);
    // then the forecast is twice that, and without a budget nothing is judged
    expect(status).toMatchObject({ month: "2030-03", spent_usd: 1, forecast_usd: 2 });
    expect(status).toMatchObject({ budget: null, percent: null, level: 0, runs_held: false });
  });

  it("reaches 80 % and 100 %, and holds runs at 100 % only when the budget says so", () => {
    expect(budgetStatus(budget(1.2), oneDollar, midMarch)).toMatchObject({ level: 80 });
    expect(budgetStatus(budget(1), oneDollar, midMarch)).toMatchObject({
      percent: 100,
      level: 100,
      runs_held: false,
    });
    expect(budgetStatus(budget(1, true), oneDollar, midMarch).runs_held).toBe(true);
    expect(budgetStatus(budget(1, true), undefined, midMarch)).toMatchObject({
      spent_usd: 0,
      level: 0,
      runs_held: false,
    });
  });

  it("does not multiply the first minutes of a month into a wild forecast", () => {
    const twoMinutesIn = Date.UTC(2030, 2, 1, 0, 2);
    // given $1 in the first two minutes, the pace is read over at least an hour
    expect(budgetStatus(null, oneDollar, twoMinutesIn).forecast_usd).toBe(744);
  });

  it("reads thresholds from the share spent", () => {
    expect([null, 0, 79.99, 80, 99.9, 100, 250].map(levelOf)).toEqual([0, 0, 0, 80, 80, 100, 100]);
  });
});
