import { describe, expect, it } from "vitest";
import { decide } from "./decide";
import { runId } from "./decision";
import type { Publication } from "./model";
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
  it("starts a new run for the same article", () => {
    const ctx = fixedContext();
    const state = model(
      {},
      {
        content: {
          "c-1": {
            content_id: "c-1",
            keyword: "budget apps",
            word_count: 1200,
            ready_at: null,
            ready_event_id: null,
            published_at: null,
            urls: [],
          },
        },
      },
    );
    const refresh = message("content.refresh", { content_id: "c-1", reason: "clicks fell" }, ctx);

    const decision = decide(refresh, state, ctx);

    expect(decision.startRuns).toMatchObject([{ content_id: "c-1", keyword: "budget apps" }]);
    expect(decision.reasons[0]?.text).toBe("kept 'budget apps' for a rewrite: clicks fell");
  });

  it("starts nothing for an article it does not know", () => {
    const ctx = fixedContext();
    const decision = decide(
      message("content.refresh", { content_id: "c-9", reason: "x" }, ctx),
      model(),
      ctx,
    );
    expect(decision.startRuns).toEqual([]);
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
          ready_at: null,
          ready_event_id: null,
          published_at: null,
          urls: [],
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
