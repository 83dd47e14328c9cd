import { describe, expect, it } from "vitest";
import { cronProblem, defaultStrategy, keywordKey, Strategy } from "./strategy";

describe("the strategy", () => {
  it("fills every field left out with its default", () => {
    expect(Strategy.parse({})).toEqual({
      cycle_cron: "0 6 * * *",
      research_interval_days: 7,
      seed_keywords: [],
      max_difficulty: 40,
      min_volume: 100,
      max_articles_per_cycle: 3,
      max_active_runs: 10,
      max_runs_per_day: 100,
      template: "guide",
      require_approval: false,
      social_enabled: true,
      performance_check_days: 28,
      refresh_min_clicks: 10,
      refresh_max_position: 20,
      refresh_check_after_days: 28,
      refresh_max_per_week: 2,
    });
    expect(defaultStrategy).toEqual(Strategy.parse({}));
  });

  it("reports each invalid field by its path", () => {
    const result = Strategy.safeParse({
      cycle_cron: "61 * * * *",
      max_difficulty: 140,
      seed_keywords: ["ok", ""],
      unknown_field: 1,
    });
    const paths = result.error?.issues.map((i) => i.path.join(".")) ?? [];
    expect(paths).toEqual(
      expect.arrayContaining(["cycle_cron", "max_difficulty", "seed_keywords.1", ""]),
    );
  });

  it("fills the refresh thresholds of a strategy stored before they existed", () => {
    // Given a strategy version written without the refresh fields
    const stored = { cycle_cron: "* * * * *", performance_check_days: 7 };
    // When it is read again
    const strategy = Strategy.parse(stored);
    // Then the thresholds and the budget have their defaults
    expect(strategy).toMatchObject({
      performance_check_days: 7,
      refresh_min_clicks: 10,
      refresh_max_position: 20,
      refresh_check_after_days: 28,
      refresh_max_per_week: 2,
    });
  });

  it("takes 0 for performance_check_days and refresh_max_per_week, and refuses thresholds out of bounds", () => {
    expect(Strategy.safeParse({ performance_check_days: 0, refresh_max_per_week: 0 }).success).toBe(
      true,
    );
    const result = Strategy.safeParse({ refresh_max_position: 0, refresh_min_clicks: -1 });
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual([
      "refresh_min_clicks",
      "refresh_max_position",
    ]);
  });

  it("refuses the same seed keyword twice, whatever its case", () => {
    const result = Strategy.safeParse({ seed_keywords: ["Budget Apps", "budget  apps"] });
    expect(result.error?.issues[0]).toMatchObject({ path: ["seed_keywords", 1] });
  });

  it("refuses more than 50 seed keywords, more than one research request carries", () => {
    const seeds = Array.from({ length: 51 }, (_, i) => `k${i}`);
    expect(Strategy.safeParse({ seed_keywords: seeds }).success).toBe(false);
  });
});

describe("cron expressions", () => {
  it.each(["* * * * *", "0 6 * * *", "*/15 9-17 * * MON-FRI", "0 0 1 jan *", "@daily"])(
    "accepts %j",
    (cron) => {
      expect(cronProblem(cron)).toBeUndefined();
    },
  );

  it.each([
    ["61 * * * *", /minute/],
    ["* * * * * *", /5 fields/],
    ["0 0 L * *", /not support/],
    ["0 0 30 2 *", /never fires/],
    ["every day", /5 fields/],
  ])("refuses %j", (cron, why) => {
    expect(cronProblem(cron)).toMatch(why);
  });
});

describe("keywordKey", () => {
  it("ignores case and extra spaces", () => {
    expect(keywordKey("  Budget   Apps ")).toBe("budget apps");
  });
});
