import { describe, expect, it } from "vitest";
import {
  decideReady,
  decideRunFailed,
  decideStrategyUpdated,
  type FailureFacts,
  type ReadyFacts,
} from "./decide-reports";
import { fixedContext, TENANT } from "./testing/given";

const CAUSE = "00000000-0000-4000-8000-0000000000aa";

function readyFacts(overrides: Partial<ReadyFacts> = {}): ReadyFacts {
  return {
    tenant_id: TENANT,
    run_id: "run-1",
    content_id: "c-1",
    keyword: "budget apps",
    title: "Budget apps, compared",
    slug: "budget-apps",
    word_count: 1200,
    approval: null,
    rewrite: false,
    correlation_id: "chain-1",
    cause_id: CAUSE,
    ...overrides,
  };
}

describe("a content run's article is ready", () => {
  it("given an edited article, when ready, then it announces it and asks the publisher, in its chain, at the injected time", () => {
    const ctx = fixedContext("2026-03-01T10:00:00.000Z");

    const decision = decideReady(readyFacts(), ctx);

    const [ready, publish] = decision.emit;
    expect(decision.kind).toBe("publish");
    expect(ready).toMatchObject({
      type: "content.ready",
      tenant_id: TENANT,
      source: "content-workflow",
      correlation_id: "chain-1",
      causation_id: CAUSE,
      timestamp: "2026-03-01T10:00:00.000Z",
      payload: { content_id: "c-1", keyword: "budget apps", word_count: 1200 },
    });
    expect(publish).toMatchObject({
      type: "content.publish",
      causation_id: ready?.event_id,
      correlation_id: "chain-1",
      payload: { content_id: "c-1", keyword: "budget apps" },
    });
    expect(decision.reasons.map((r) => r.text)).toEqual([
      "'Budget apps, compared' passed the editor: 1200 words",
      "asked the publisher to publish c-1 as /budget-apps",
    ]);
  });

  it("given an approved rewrite, when ready, then its reasons say it replaces the earlier version and who approved it", () => {
    const decision = decideReady(
      readyFacts({ rewrite: true, approval: "ok by ana" }),
      fixedContext(),
    );

    expect(decision.reasons.map((r) => r.text)).toEqual([
      "'Budget apps, compared' passed the editor: 1200 words, replacing the earlier version",
      "approved: ok by ana",
      "asked the publisher to publish c-1 as /budget-apps",
    ]);
  });

  it("given the same facts and context twice, when decided, then the same messages come out", () => {
    expect(decideReady(readyFacts(), fixedContext())).toEqual(
      decideReady(readyFacts(), fixedContext()),
    );
  });
});

describe("a content run failed for good", () => {
  const failure: FailureFacts = {
    tenant_id: TENANT,
    run_id: "run-2",
    step: "draft",
    reason: "the text provider answered 400",
    keyword: "crypto tax",
    content_id: null,
    correlation_id: "chain-2",
    cause_id: null,
  };

  it("given a failed run, when decided, then workflow.failed names the step and reason, and the keyword is freed", () => {
    const decision = decideRunFailed(failure, fixedContext("2026-03-02T00:00:00.000Z"));

    expect(decision.kind).toBe("failure");
    expect(decision.emit).toEqual([
      expect.objectContaining({
        type: "workflow.failed",
        correlation_id: "chain-2",
        timestamp: "2026-03-02T00:00:00.000Z",
        payload: {
          run_id: "run-2",
          step: "draft",
          reason: "the text provider answered 400",
          keyword: "crypto tax",
        },
      }),
    ]);
    expect(decision.reasons).toEqual([
      {
        verdict: "dropped",
        subject: "crypto tax",
        text: "failed at draft: the text provider answered 400; the keyword can be picked again",
      },
    ]);
  });
});

describe("the strategy changed", () => {
  it("given the first version (the tenant's setup), when stored, then nothing is announced", () => {
    expect(decideStrategyUpdated(TENANT, 1, fixedContext())).toBeNull();
  });

  it("given a later version, when stored, then strategy.updated names it", () => {
    expect(decideStrategyUpdated(TENANT, 3, fixedContext())).toMatchObject({
      type: "strategy.updated",
      tenant_id: TENANT,
      source: "tenant-agent",
      payload: { version: 3 },
    });
  });
});
