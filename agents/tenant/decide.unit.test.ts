import { describe, expect, it } from "vitest";
import { createMessage } from "../../events";
import { decide } from "./decide";
import { type Decision, runId } from "./decision";
import type { ContentItem, Publication } from "./model";
import { fixedContext, message, model, research, TENANT } from "./testing/given";

function researchCompleted(ids: string[], correlation_id = "cycle-1") {
  const ctx = fixedContext();
  return message(
    "research.completed",
    { research_ids: ids, keywords_researched: ids.length },
    ctx,
    { correlation_id, source: "research" },
  );
}

describe("decide: a cycle", () => {
  it("opens a chain named after its request and announces it", () => {
    // Given a tenant with seed keywords
    const ctx = fixedContext();
    const state = model({ seed_keywords: ["budget apps"] });
    const request = message("cycle.requested", { reason: "operator asked" }, ctx);

    // When the cycle is decided
    const decision = decide(request, state, ctx);

    // Then every message it sends is in the chain named after the request
    expect(decision.emit.map((m) => m.type)).toEqual(["cycle.started", "research.requested"]);
    expect(decision.emit.every((m) => m.correlation_id === request.event_id)).toBe(true);
    expect(decision.emit.every((m) => m.causation_id === request.event_id)).toBe(true);
    expect(decision.emit[0]?.payload).toEqual({
      reason: "operator asked",
      cycle_id: request.event_id,
    });
  });

  it("asks for research on the seed keywords when none was ever requested", () => {
    const ctx = fixedContext();
    const state = model({ seed_keywords: ["budget apps", "crypto tax"] });

    const decision = decide(message("cycle.requested", { reason: "cron" }, ctx), state, ctx);

    const request = decision.emit.find((m) => m.type === "research.requested");
    expect(request?.payload).toEqual({
      keywords: ["budget apps", "crypto tax"],
      priority: "normal",
    });
    expect(decision.reasons).toContainEqual(
      expect.objectContaining({ verdict: "due", subject: "research" }),
    );
  });

  it("does not ask for research again before the interval has passed", () => {
    // Given research requested two days ago and an interval of seven days
    const ctx = fixedContext("2025-03-10T00:00:00.000Z");
    const state = model(
      { seed_keywords: ["budget apps"], research_interval_days: 7 },
      { last_research_requested_at: "2025-03-08T00:00:00.000Z" },
    );

    // When a cycle runs
    const decision = decide(message("cycle.requested", { reason: "cron" }, ctx), state, ctx);

    // Then no research is requested, and the reason says why
    expect(decision.emit.map((m) => m.type)).toEqual(["cycle.started"]);
    expect(decision.reasons).toContainEqual({
      verdict: "not due",
      subject: "research",
      text: "research not due: last requested 2 days ago < 7",
    });
  });

  it("asks for research again once the interval has passed", () => {
    const ctx = fixedContext("2025-03-10T00:00:00.000Z");
    const state = model(
      { seed_keywords: ["budget apps"], research_interval_days: 7 },
      { last_research_requested_at: "2025-03-03T00:00:00.000Z" },
    );

    const decision = decide(message("cycle.requested", { reason: "cron" }, ctx), state, ctx);

    expect(decision.emit.map((m) => m.type)).toContain("research.requested");
  });

  it("explains that research needs seed keywords", () => {
    const ctx = fixedContext();
    const decision = decide(message("cycle.requested", { reason: "cron" }, ctx), model(), ctx);

    expect(decision.emit.map((m) => m.type)).toEqual(["cycle.started"]);
    expect(decision.reasons[0]?.text).toMatch(/no seed keywords/);
  });

  it("asks for performance reports of the pages due for a check, over the period of the check interval", () => {
    // Given one page due for a check and one not yet due
    const ctx = fixedContext("2025-03-10T00:00:00.000Z");
    const page = (url: string, due: string): Publication => ({
      url,
      content_id: "c-1",
      published_at: "2025-01-01T00:00:00.000Z",
      check_due_at: due,
      last_check_requested_at: null,
    });
    const state = model(
      { performance_check_days: 28 },
      {
        publications: {
          "https://brand.example/a": page("https://brand.example/a", "2025-03-09T00:00:00.000Z"),
          "https://brand.example/b": page("https://brand.example/b", "2025-03-20T00:00:00.000Z"),
        },
      },
    );

    // When a cycle runs
    const decision = decide(message("cycle.requested", { reason: "cron" }, ctx), state, ctx);

    // Then only the due page is asked about
    const request = decision.emit.find((m) => m.type === "performance.requested");
    expect(request?.payload).toEqual({ urls: ["https://brand.example/a"], period: "28d" });
  });
});

describe("decide: research came back", () => {
  it("keeps keywords under the difficulty limit and over the volume floor, and says why", () => {
    // Given research on three keywords and a strategy allowing difficulty below 40
    const budget = research("budget apps", 22, 900);
    const crypto = research("crypto tax", 71, 5000);
    const tiny = research("tiny niche", 10, 50);
    const state = model(
      { max_difficulty: 40, min_volume: 100, max_articles_per_cycle: 3 },
      {
        research: {
          [budget.research_id]: budget,
          [crypto.research_id]: crypto,
          [tiny.research_id]: tiny,
        },
      },
    );
    const completed = researchCompleted([budget.research_id, crypto.research_id, tiny.research_id]);

    // When the agent decides
    const decision = decide(completed, state, fixedContext());

    // Then it starts one run, for the keyword that passes, and explains each keyword
    expect(decision.startRuns.map((r) => r.keyword)).toEqual(["budget apps"]);
    expect(decision.reasons.map((r) => r.text)).toEqual([
      "dropped 'crypto tax': difficulty 71 ≥ 40",
      "dropped 'tiny niche': volume 50 ≤ 100",
      "kept 'budget apps': difficulty 22 < 40, volume 900 > 100, ranked 1 of 1 by volume/difficulty (40.9)",
    ]);
  });

  it("ranks by volume over difficulty and takes as many as the strategy allows", () => {
    const a = research("alpha", 10, 1000); // 100
    const b = research("bravo", 20, 4000); // 200
    const c = research("charlie", 30, 1500); // 50
    const state = model(
      { max_articles_per_cycle: 2 },
      { research: { [a.research_id]: a, [b.research_id]: b, [c.research_id]: c } },
    );

    const decision = decide(
      researchCompleted([a.research_id, b.research_id, c.research_id]),
      state,
      fixedContext(),
    );

    expect(decision.startRuns.map((r) => r.keyword)).toEqual(["bravo", "alpha"]);
    expect(decision.reasons.at(-1)?.text).toBe(
      "dropped 'charlie': ranked 3 of 3 by volume/difficulty (50), over the 2 articles a cycle allows",
    );
  });

  it("drops a keyword that is already published", () => {
    const budget = research("Budget Apps", 22, 900);
    const state = model(
      {},
      { research: { [budget.research_id]: budget }, keyword_use: { "budget apps": "published" } },
    );

    const decision = decide(researchCompleted([budget.research_id]), state, fixedContext());

    expect(decision.startRuns).toEqual([]);
    expect(decision.reasons).toEqual([
      {
        verdict: "dropped",
        subject: "Budget Apps",
        text: "dropped 'Budget Apps': already published",
      },
    ]);
  });

  it("drops research the service does not know", () => {
    const state = model({}, { research: { "r-gone": null } });

    const decision = decide(researchCompleted(["r-gone"]), state, fixedContext());

    expect(decision.startRuns).toEqual([]);
    expect(decision.reasons[0]?.text).toBe(
      "dropped research r-gone: the research service does not know it",
    );
  });

  it("gives each run an id made of the tenant and a hash of the keyword and chain, the same on every retry", () => {
    const budget = research("budget apps", 22, 900);
    const state = model({}, { research: { [budget.research_id]: budget } });

    const first = decide(researchCompleted([budget.research_id], "chain-1"), state, fixedContext());
    const again = decide(researchCompleted([budget.research_id], "chain-1"), state, fixedContext());
    const other = decide(researchCompleted([budget.research_id], "chain-2"), state, fixedContext());

    expect(first.startRuns[0]?.run_id).toBe(runId(TENANT, "budget apps", "chain-1"));
    expect(first.startRuns[0]?.run_id).toMatch(/^acme-[0-9a-f]{16}$/);
    expect(again.startRuns[0]?.run_id).toBe(first.startRuns[0]?.run_id);
    expect(other.startRuns[0]?.run_id).not.toBe(first.startRuns[0]?.run_id);
  });

  it("passes the strategy's template and approval setting to the run, in the research's chain", () => {
    const budget = research("budget apps", 22, 900);
    const state = model(
      { template: "listicle", require_approval: true },
      { research: { [budget.research_id]: budget } },
    );
    const completed = researchCompleted([budget.research_id], "chain-7");

    const [run] = decide(completed, state, fixedContext()).startRuns;

    expect(run).toMatchObject({
      keyword: "budget apps",
      research_id: budget.research_id,
      correlation_id: "chain-7",
      causation_id: completed.event_id,
      template: "listicle",
      require_approval: true,
    });
  });

  it("follows a changed strategy in the next decision", () => {
    // Given the same research decided under two strategies
    const crypto = research("crypto tax", 71, 5000);
    const given = { research: { [crypto.research_id]: crypto } };
    const completed = researchCompleted([crypto.research_id]);

    // When the limit is raised from 40 to 80
    const strict = decide(completed, model({ max_difficulty: 40 }, given), fixedContext());
    const lenient = decide(
      completed,
      { ...model({ max_difficulty: 80 }, given), strategy_version: 2 },
      fixedContext(),
    );

    // Then the keyword dropped before is kept now, and the reason cites the new limit
    expect(strict.startRuns).toEqual([]);
    expect(lenient.startRuns.map((r) => r.keyword)).toEqual(["crypto tax"]);
    expect(lenient.reasons[0]?.text).toMatch(/difficulty 71 < 80/);
    expect(lenient.summary).toBe("kept 1 of 1 keyword (strategy v2)");
  });
});

describe("decide: a refresh", () => {
  const REPORT = "report-1";
  const published = (patch: Partial<ContentItem> = {}): Record<string, ContentItem> => ({
    "c-1": {
      content_id: "c-1",
      keyword: "budget apps",
      word_count: 1200,
      ready_at: "2025-01-01T06:00:00.000Z",
      ready_event_id: null,
      published_at: "2025-01-01T06:00:00.000Z",
      urls: ["https://brand.example/sites/acme/budget-apps"],
      ...patch,
    },
  });
  const refresh = (ctx: ReturnType<typeof fixedContext>, reason = "3 clicks over 28d < 10") =>
    createMessage(
      "content.refresh",
      { content_id: "c-1", reason },
      {
        tenant_id: TENANT,
        source: "analytics",
        cause: { event_id: REPORT, correlation_id: "cycle-9" },
      },
      ctx,
    );
  const texts = (decision: Decision) => decision.reasons.map((r) => r.text).join(" | ");

  it("starts a new run for the published article, in the report's chain, with the reason", () => {
    // Given a published article and no refresh yet
    const ctx = fixedContext();
    const state = model({ refresh_max_per_week: 2 }, { content: published() });
    const command = refresh(ctx);

    // When analytics asks to refresh it
    const decision = decide(command, state, ctx);

    // Then one rewrite starts for the same content, in the report's chain
    expect(decision.kind).toBe("refresh");
    expect(decision.startRuns).toEqual([
      expect.objectContaining({
        run_id: runId(TENANT, "refresh", "c-1", command.event_id),
        content_id: "c-1",
        keyword: "budget apps",
        research_id: null,
        correlation_id: "cycle-9",
        causation_id: command.event_id,
      }),
    ]);
    expect(decision.summary).toBe("refresh of 'budget apps' started");
    expect(decision.reasons).toEqual([
      {
        verdict: "kept",
        subject: "budget apps",
        text: "kept 'budget apps' for a rewrite: 3 clicks over 28d < 10",
      },
      {
        verdict: "note",
        subject: "budget",
        text: "refresh 1 of 2 in the last 7 days (refresh_max_per_week 2)",
      },
    ]);
  });

  it("starts the same run for the same command, so a retried decision starts no second", () => {
    const ctx = fixedContext();
    const state = model({}, { content: published() });
    const command = refresh(ctx);

    const first = decide(command, state, ctx);
    const again = decide(command, state, ctx);

    expect(again.startRuns.map((r) => r.run_id)).toEqual(first.startRuns.map((r) => r.run_id));
  });

  it("starts nothing for an article it does not know", () => {
    const ctx = fixedContext();
    const decision = decide(refresh(ctx), model(), ctx);
    expect(decision.startRuns).toEqual([]);
    expect(texts(decision)).toContain("not refreshed c-1: the article is not known yet");
  });

  it("starts nothing for an article that is not published", () => {
    // Given an article written but not published
    const ctx = fixedContext();
    const state = model({}, { content: published({ published_at: null, urls: [] }) });

    // When a refresh is asked for
    const decision = decide(refresh(ctx), state, ctx);

    // Then no run starts, and the reason says why, with what analytics said
    expect(decision.startRuns).toEqual([]);
    expect(decision.reasons).toEqual([
      {
        verdict: "dropped",
        subject: "budget apps",
        text: "not refreshed 'budget apps': the article is not published",
      },
      {
        verdict: "note",
        subject: "report",
        text: "asked to refresh 'budget apps': 3 clicks over 28d < 10",
      },
    ]);
  });

  it("never refreshes twice for one report", () => {
    // Given a refresh run that an earlier command about the same report started
    const ctx = fixedContext();
    const state = model(
      {},
      {
        content: published(),
        refreshes: {
          recent: ["2025-03-01T05:00:00.000Z"],
          article_last: "2025-03-01T05:00:00.000Z",
          for_report: "run-1",
          runs_active: 0,
        },
      },
    );

    // When another command about that report arrives
    const decision = decide(refresh(ctx), state, ctx);

    // Then nothing starts
    expect(decision.startRuns).toEqual([]);
    expect(texts(decision)).toContain("report report-1 already started refresh run run-1");
  });

  it("starts nothing while a run for the article's keyword is under way", () => {
    const ctx = fixedContext();
    const state = model(
      {},
      {
        content: published(),
        refreshes: { recent: [], article_last: null, for_report: null, runs_active: 1 },
      },
    );

    const decision = decide(refresh(ctx), state, ctx);

    expect(decision.startRuns).toEqual([]);
    expect(texts(decision)).toContain("a run for 'budget apps' is under way");
  });

  it("refreshes an article at most once in 7 days", () => {
    // Given the article refreshed 3 days ago, and room in the weekly budget
    const ctx = fixedContext("2025-03-10T00:00:00.000Z");
    const refreshed = (at: string) =>
      model(
        { refresh_max_per_week: 5 },
        {
          content: published(),
          refreshes: { recent: [at], article_last: at, for_report: null, runs_active: 0 },
        },
      );

    // When a report of its page asks for another
    const soon = decide(refresh(ctx), refreshed("2025-03-07T00:00:00.000Z"), ctx);
    const later = decide(refresh(ctx), refreshed("2025-03-02T00:00:00.000Z"), ctx);

    // Then it waits until a week has passed
    expect(soon.startRuns).toEqual([]);
    expect(texts(soon)).toContain(
      "it was refreshed 3 days ago; an article is refreshed at most once in 7 days",
    );
    expect(later.startRuns).toHaveLength(1);
  });

  it("keeps to refresh_max_per_week over the last 7 days", () => {
    // Given two refreshes in the last 7 days and one older, with a budget of 2
    const ctx = fixedContext("2025-03-10T00:00:00.000Z");
    const recent = ["2025-03-09T00:00:00.000Z", "2025-03-04T00:00:00.000Z"];
    const older = "2025-03-02T00:00:00.000Z";
    const given = (times: string[]) =>
      model(
        { refresh_max_per_week: 2 },
        {
          content: published(),
          refreshes: { recent: times, article_last: null, for_report: null, runs_active: 0 },
        },
      );

    // When a refresh is asked for
    const full = decide(refresh(ctx), given([...recent, older]), ctx);
    const room = decide(refresh(ctx), given([recent[0] ?? "", older]), ctx);

    // Then it is held back while two fall within the week, and starts once one has left it
    expect(full.startRuns).toEqual([]);
    expect(texts(full)).toContain(
      "2 refreshes started in the last 7 days (refresh_max_per_week 2)",
    );
    expect(room.startRuns).toHaveLength(1);
    expect(texts(room)).toContain("refresh 2 of 2 in the last 7 days");
  });

  it("refreshes nothing when refresh_max_per_week is 0", () => {
    const ctx = fixedContext();
    const decision = decide(
      refresh(ctx),
      model({ refresh_max_per_week: 0 }, { content: published() }),
      ctx,
    );
    expect(decision.startRuns).toEqual([]);
    expect(texts(decision)).toContain("refreshes are off (refresh_max_per_week 0)");
  });
});

describe("decide: facts", () => {
  it("decides nothing for a fact that only updates the record", () => {
    const ctx = fixedContext();
    const ready = message(
      "content.ready",
      { content_id: "c-1", keyword: "k", word_count: 10 },
      ctx,
    );
    expect(decide(ready, model(), ctx).kind).toBe("none");
  });
});

describe("the run budget", () => {
  const refresh = (ctx: ReturnType<typeof fixedContext>) =>
    message("content.refresh", { content_id: "c-1", reason: "clicks fell" }, ctx);
  const withArticle = (runs: { active: number; started_today: number }, strategy = {}) =>
    model(strategy, {
      content: {
        "c-1": {
          content_id: "c-1",
          keyword: "budget apps",
          word_count: 1200,
          ready_at: "2025-01-01T06:00:00.000Z",
          ready_event_id: null,
          published_at: "2025-01-01T06:00:00.000Z",
          urls: ["https://brand.example/sites/acme/budget-apps"],
        },
      },
      runs,
    });

  it("starts no refresh once the day's runs reach max_runs_per_day, and says why", () => {
    // Given a tenant that started its 2 runs of the day already
    const ctx = fixedContext();
    const state = withArticle({ active: 0, started_today: 2 }, { max_runs_per_day: 2 });
    // When a refresh arrives
    const decision = decide(refresh(ctx), state, ctx);
    // Then no run starts, with the reason
    expect(decision.startRuns).toEqual([]);
    expect(decision.reasons.map((r) => r.text).join(" ")).toContain("max_runs_per_day 2");
  });

  it("starts refreshes while runs under way stay below max_active_runs", () => {
    const ctx = fixedContext();
    const busy = decide(
      refresh(ctx),
      withArticle({ active: 3, started_today: 3 }, { max_active_runs: 3 }),
      ctx,
    );
    const free = decide(
      refresh(ctx),
      withArticle({ active: 2, started_today: 3 }, { max_active_runs: 3 }),
      ctx,
    );
    expect(busy.startRuns).toEqual([]);
    expect(busy.reasons.map((r) => r.text).join(" ")).toContain("3 runs are under way");
    expect(free.startRuns).toHaveLength(1);
  });
});
