import { describe, expect, it } from "vitest";
import type { Message } from "../../events";
import { evolve } from "./evolve";
import type { TenantModel } from "./model";
import { fixedContext, message, model } from "./testing/given";

const HOUR = 60 * 60 * 1000;

/** Given a content run's facts, an hour apart, in the order they were produced. */
function contentFacts(): Message[] {
  const ctx = fixedContext("2025-03-01T06:00:00.000Z");
  const ready = message(
    "content.ready",
    { content_id: "c-1", keyword: "budget apps", word_count: 1200 },
    ctx,
  );
  ctx.advance(HOUR);
  const published = message(
    "content.published",
    {
      content_id: "c-1",
      urls: ["https://brand.example/budget-apps"],
      published_at: "2025-03-01T07:00:00.000Z",
    },
    ctx,
  );
  ctx.advance(HOUR);
  const report = message(
    "performance.report",
    {
      url: "https://brand.example/budget-apps",
      impressions: 100,
      clicks: 5,
      position: 8.2,
      period: "28d",
    },
    ctx,
  );
  return [ready, published, report];
}

function fold(messages: readonly Message[], start: TenantModel = model()): TenantModel {
  return messages.reduce(evolve, start);
}

describe("evolve", () => {
  it("records an article's facts as they arrive", () => {
    const facts = contentFacts();
    const state = fold(facts);
    expect(state.content["c-1"]).toEqual({
      content_id: "c-1",
      keyword: "budget apps",
      word_count: 1200,
      ready_at: "2025-03-01T06:00:00.000Z",
      ready_event_id: facts[0]?.event_id,
      published_at: "2025-03-01T07:00:00.000Z",
      urls: ["https://brand.example/budget-apps"],
    });
    expect(state.performance["28d https://brand.example/budget-apps"]).toMatchObject({ clicks: 5 });
  });

  it("schedules a page's first performance check performance_check_days after publishing", () => {
    const state = fold(contentFacts(), model({ performance_check_days: 7 }));
    expect(state.publications["https://brand.example/budget-apps"]?.check_due_at).toBe(
      "2025-03-08T07:00:00.000Z",
    );
  });

  it("ends in the same state when an article is published before it is reported ready", () => {
    const [ready, published, report] = contentFacts() as [Message, Message, Message];
    expect(fold([published, ready, report])).toEqual(fold([ready, published, report]));
  });

  it("ends in the same state whatever the order of the facts", () => {
    const facts = contentFacts();
    const expected = fold(facts);
    for (const order of permutations(facts)) expect(fold(order)).toEqual(expected);
  });

  it("ends in the same state when every fact arrives twice", () => {
    const facts = contentFacts();
    expect(fold(facts.flatMap((m) => [m, m]))).toEqual(fold(facts));
  });

  it("keeps the newest performance report when an older one arrives late", () => {
    const ctx = fixedContext();
    const report = (clicks: number) =>
      message(
        "performance.report",
        { url: "https://brand.example/a", impressions: 100, clicks, position: 3, period: "7d" },
        ctx,
      );
    const older = report(1);
    ctx.advance(HOUR);
    const newer = report(9);
    expect(fold([newer, older]).performance["7d https://brand.example/a"]?.clicks).toBe(9);
  });

  it("keeps the same report of two with the same time, whichever arrives first", () => {
    // Given two reports of one page stamped at the same instant
    const ctx = fixedContext();
    const report = (clicks: number) =>
      message(
        "performance.report",
        { url: "https://brand.example/a", impressions: 100, clicks, position: 3, period: "7d" },
        ctx,
      );
    const a = report(1);
    const b = report(9);
    // When they arrive in either order
    const one = fold([a, b]).performance["7d https://brand.example/a"];
    const other = fold([b, a]).performance["7d https://brand.example/a"];
    // Then the same one stands: the greater event id
    expect(one).toEqual(other);
    expect(one?.reported_event_id).toBe([a.event_id, b.event_id].sort().at(-1));
  });

  it("keeps the same article facts of two ready events with the same time, in either order", () => {
    const ctx = fixedContext();
    const ready = (words: number) =>
      message(
        "content.ready",
        { content_id: "c-1", keyword: "budget apps", word_count: words },
        ctx,
      );
    const a = ready(900);
    const b = ready(1500);
    expect(fold([a, b]).content["c-1"]).toEqual(fold([b, a]).content["c-1"]);
  });

  it("moves a page's next check on when its performance is asked for", () => {
    const [ready, published] = contentFacts() as [Message, Message];
    const ctx = fixedContext("2025-04-01T00:00:00.000Z");
    const asked = message(
      "performance.requested",
      { urls: ["https://brand.example/budget-apps"], period: "28d" },
      ctx,
    );
    const state = fold([ready, published, asked], model({ performance_check_days: 28 }));
    expect(state.publications["https://brand.example/budget-apps"]).toMatchObject({
      last_check_requested_at: "2025-04-01T00:00:00.000Z",
      check_due_at: "2025-04-29T00:00:00.000Z",
    });
  });

  it("remembers when research was last requested and completed", () => {
    const ctx = fixedContext();
    const requested = message("research.requested", { keywords: ["k"] }, ctx);
    ctx.advance(HOUR);
    const completed = message(
      "research.completed",
      { research_ids: ["r-1"], keywords_researched: 1 },
      ctx,
    );
    const state = fold([completed, requested]);
    expect(state.last_research_requested_at).toBe(requested.timestamp);
    expect(state.last_research_completed_at).toBe(completed.timestamp);
  });
});

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}
