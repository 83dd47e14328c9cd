import { describe, expect, it } from "vitest";
import { checkCounters, checkDerived, checkEffects, checkOutboxes, checkReversed } from "./audit";
import { checkRuns } from "./audit-runs";
import { Ledger } from "./ledger";
import type { LogEntry, Run, TenantSnapshot } from "./reads";
import { articleLife } from "./scenario";

const TENANT = "chaos-t";

function logged(
  envelope: { event_id: string; type: string },
  seq: number,
  extra: Partial<LogEntry> = {},
): LogEntry {
  return {
    seq,
    event_id: envelope.event_id,
    type: envelope.type,
    source: "test",
    timestamp: "2026-01-01T00:00:00.000Z",
    correlation_id: null,
    causation_id: null,
    payload: {},
    applied_at: "2026-01-01T00:00:01.000Z",
    ...extra,
  };
}

function snap(parts: Partial<TenantSnapshot> = {}): Map<string, TenantSnapshot> {
  const log = parts.log ?? [];
  return new Map([
    [
      TENANT,
      {
        tenant: TENANT,
        log,
        letters: [],
        runs: [],
        view: {
          applied: log.length,
          duplicates: 0,
          counts: {
            cycles: 0,
            runs_started: 0,
            runs_completed: 0,
            runs_failed: 0,
            articles_published: 0,
          },
        },
        pending: { pending: 0, runs_to_start: 0, last_error: null },
        services: [],
        ...parts,
      },
    ],
  ]);
}

/** Given one article in the ledger, each of its five messages delivered `copies` times. */
function givenArticle(copies = 2) {
  const ledger = new Ledger();
  const planned = articleLife(TENANT, "c-1", Date.parse("2026-01-01T00:00:00Z"), false);
  for (const p of planned) {
    ledger.add(p.envelope, p.effect, "before");
    for (let i = 0; i < copies; i++) ledger.record([p.envelope.event_id], "accepted");
  }
  const [ready, publish, published, posted, report] = planned.map((p) => p.envelope);
  if (!ready || !publish || !published || !posted || !report)
    throw new Error("five messages expected");
  return { ledger, ready, publish, published, posted, report };
}

describe("the chaos audit", () => {
  it("passes a run where every fact is logged once and the command was answered once", () => {
    const { ledger, ready, publish, published, posted, report } = givenArticle();
    const answer = { event_id: "answer-1", type: "content.published" };
    const log = [
      logged(ready, 1),
      logged(published, 2),
      logged(posted, 3),
      logged(report, 4),
      logged(answer, 5, { causation_id: publish.event_id }),
    ];
    const result = checkEffects(ledger, snap({ log }));
    expect(result.findings).toEqual([]);
    expect(result.figures).toMatchObject({ applied_once: 5, lost: 0, applied_twice: 0 });
  });

  it("reports a fact missing from the log, and not dead-lettered, as lost", () => {
    const { ledger, ready, publish, published, posted } = givenArticle();
    const log = [logged(ready, 1), logged(published, 2), logged(posted, 3)];
    const letters = [
      {
        id: "l-1",
        queue: "publish-commands",
        reason: "no service",
        attempts: 1,
        event_id: publish.event_id,
        type: publish.type,
        tenant_id: TENANT,
        body: publish,
      },
    ];
    const result = checkEffects(ledger, snap({ log, letters }));
    expect(result.figures.lost).toBe(1);
    expect(result.findings).toEqual([
      expect.objectContaining({
        check: "lost",
        detail: expect.stringContaining("performance.report"),
      }),
    ]);
    expect(result.figures.dead_lettered).toEqual({ "no service": 1 });
  });

  it("reports a command answered twice as applied twice", () => {
    const { ledger, ready, publish, published, posted, report } = givenArticle();
    const log = [
      logged(ready, 1),
      logged(published, 2),
      logged(posted, 3),
      logged(report, 4),
      logged({ event_id: "a-1", type: "content.published" }, 5, { causation_id: publish.event_id }),
      logged({ event_id: "a-2", type: "content.published" }, 6, { causation_id: publish.event_id }),
    ];
    const result = checkEffects(ledger, snap({ log }));
    expect(result.figures.applied_twice).toBe(1);
    expect(result.findings[0]?.detail).toContain("2 effects");
  });

  it("reports an applied counter above the log as an event applied twice", () => {
    const { ledger, ready } = givenArticle();
    const snapshots = snap({ log: [logged(ready, 1)] });
    const only = snapshots.get(TENANT);
    if (only) only.view.applied = 2;
    expect(checkCounters(ledger, snapshots, new Set())).toEqual([
      expect.objectContaining({ check: "applied counter" }),
    ]);
  });

  it("expects one skipped duplicate per extra delivery of an agent message, and none for commands", () => {
    const { ledger } = givenArticle(3);
    const snapshots = snap();
    const only = snapshots.get(TENANT);
    // four agent messages delivered three times each: eight duplicates (the command's go to its service)
    if (only) only.view.duplicates = 8;
    expect(checkCounters(ledger, snapshots, new Set([TENANT]))).toEqual([]);
    if (only) only.view.duplicates = 7;
    expect(checkCounters(ledger, snapshots, new Set([TENANT]))[0]?.detail).toContain(
      "duplicates = 7",
    );
  });

  it("reports unsent outbox rows and runs that have not ended or failed without a reason", () => {
    const run = (status: string, error: string | null): Run => ({
      run_id: `r-${status}`,
      keyword: "k",
      status,
      step: null,
      error,
      requested_at: "",
      started_at: null,
      completed_at: null,
      workflow_status: null,
      steps: [],
    });
    const snapshots = snap({
      pending: { pending: 2, runs_to_start: 1, last_error: "queue down" },
      runs: [
        run("complete", null),
        run("running", null),
        run("errored", null),
        run("errored", "draft: refused"),
      ],
    });
    expect(checkOutboxes(snapshots)[0]?.detail).toBe(
      "2 unsent outbox rows, 1 runs not started (last error: queue down)",
    );
    expect(checkRuns(snapshots).map((f) => f.check)).toEqual(["run ended", "run failure reason"]);
  });

  it("reports an article meant to arrive backwards that was applied in order", () => {
    const { ready, published, report } = givenArticle();
    const payloads = {
      ready: { content_id: "c-1" },
      published: { content_id: "c-1" },
      report: { url: "https://chaos-t.example/blog/c-1" },
    };
    const backwards = snap({
      log: [
        logged(report, 1, { payload: payloads.report }),
        logged(published, 2, { payload: payloads.published }),
        logged(ready, 3, { payload: payloads.ready }),
      ],
    });
    expect(checkReversed(backwards, [{ tenant: TENANT, content_id: "c-1" }])).toEqual({
      findings: [],
      applied_out_of_order: 1,
    });
    const inOrder = snap({
      log: [
        logged(ready, 1, { payload: payloads.ready }),
        logged(published, 2, { payload: payloads.published }),
        logged(report, 3, { payload: payloads.report }),
      ],
    });
    expect(checkReversed(inOrder, [{ tenant: TENANT, content_id: "c-1" }]).findings).toHaveLength(
      1,
    );
  });

  it("reports a service shard that still holds unsent rows", () => {
    const snapshots = snap({
      services: [
        { service: "research", pending: 0, last_error: null },
        { service: "social", pending: 3, last_error: null },
      ],
    });
    expect(checkOutboxes(snapshots).map((f) => f.detail)).toEqual([
      "the social service holds 3 unsent outbox rows",
    ]);
  });

  it("expects each published article announced once by the social service, or its post dead-lettered", () => {
    const { ledger, published } = givenArticle();
    const answer = (n: number) =>
      logged({ event_id: `posted-${n}`, type: "social.posted" }, 10 + n, {
        causation_id: "derived-post",
        payload: { content_id: "c-1" },
      });
    // the driver's own social.posted has no cause and does not count as an announcement
    const drivers = logged({ event_id: "driver", type: "social.posted" }, 9, {
      payload: { content_id: "c-1" },
    });
    expect(checkDerived(ledger, snap({ log: [drivers, answer(1)] }))).toEqual({
      findings: [],
      announced: 1,
    });
    expect(checkDerived(ledger, snap({ log: [drivers] })).findings[0]?.detail).toContain(
      `0 social.posted answers for its content.published ${published.event_id}`,
    );
    expect(checkDerived(ledger, snap({ log: [answer(1), answer(2)] })).findings).toHaveLength(1);
  });
});
