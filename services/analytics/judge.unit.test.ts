import { describe, expect, it } from "vitest";
import { Envelope } from "../../events";
import { judgeReport, type PublishedPage, refreshEventId } from "./judge";

const NOW = new Date("2025-03-31T06:00:00.000Z");
const THRESHOLDS = {
  refresh_min_clicks: 10,
  refresh_max_position: 20,
  refresh_check_after_days: 28,
};
const page = (published_at = "2025-03-01T06:00:00.000Z"): PublishedPage => ({
  url: "https://brand.example/sites/acme/budget-apps",
  content_id: "c-1",
  published_at,
});

describe("judging a performance report", () => {
  it("asks for a refresh of a page past its check period with fewer clicks than the threshold", () => {
    // Given a page live 30 days, and a threshold of 10 clicks
    const report = { clicks: 4, position: 8.5, period: "28d" as const };

    // When its report is judged
    const judgement = judgeReport(report, page(), THRESHOLDS, NOW);

    // Then it underperforms, and the reason says by how much
    expect(judgement).toEqual({
      verdict: "refresh",
      content_id: "c-1",
      reason: "underperforms after 30 days live: 4 clicks over 28d < 10 (refresh_min_clicks)",
    });
  });

  it("asks for a refresh of a page whose average position is worse than the maximum", () => {
    const judgement = judgeReport(
      { clicks: 40, position: 31.4, period: "28d" },
      page(),
      THRESHOLDS,
      NOW,
    );
    expect(judgement).toMatchObject({
      verdict: "refresh",
      reason: "underperforms after 30 days live: average position 31.4 > 20 (refresh_max_position)",
    });
  });

  it("names every threshold a page misses", () => {
    const judgement = judgeReport(
      { clicks: 0, position: 0, period: "7d" },
      page(),
      THRESHOLDS,
      NOW,
    );
    expect(judgement.reason).toBe(
      "underperforms after 30 days live: 0 clicks over 7d < 10 (refresh_min_clicks); did not rank over 7d (refresh_max_position 20)",
    );
  });

  it("keeps a page that meets both thresholds", () => {
    const judgement = judgeReport(
      { clicks: 10, position: 20, period: "28d" },
      page(),
      THRESHOLDS,
      NOW,
    );
    expect(judgement).toEqual({
      verdict: "keep",
      reason: "performs: 10 clicks over 28d ≥ 10, average position 20 ≤ 20",
    });
  });

  it("does not judge a page live for less than the check period since it was last published", () => {
    // Given a page republished 2.5 days ago, and a check period of 28 days
    const judgement = judgeReport(
      { clicks: 0, position: 40, period: "28d" },
      page("2025-03-28T18:00:00.000Z"),
      THRESHOLDS,
      NOW,
    );
    // Then it is not judged yet, however poor its figures
    expect(judgement).toEqual({
      verdict: "not judged",
      reason: "not judged: live 2.5 days since last published < 28 (refresh_check_after_days)",
    });
  });

  it("judges a page at once with a check period of 0 days", () => {
    const judgement = judgeReport(
      { clicks: 1, position: 3, period: "7d" },
      page(NOW.toISOString()),
      { ...THRESHOLDS, refresh_check_after_days: 0 },
      NOW,
    );
    expect(judgement).toMatchObject({
      verdict: "refresh",
      reason: "underperforms after 0 days live: 1 click over 7d < 10 (refresh_min_clicks)",
    });
  });
});

describe("the refresh's event id", () => {
  it("is the same UUID for the same report, and another for another", () => {
    const id = refreshEventId("4b1d2c3e-0000-4000-8000-000000000001");
    expect(refreshEventId("4b1d2c3e-0000-4000-8000-000000000001")).toBe(id);
    expect(refreshEventId("4b1d2c3e-0000-4000-8000-000000000002")).not.toBe(id);
    expect(Envelope.shape.event_id.safeParse(id).success).toBe(true);
  });
});
