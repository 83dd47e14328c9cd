import { describe, expect, it } from "vitest";
import { checkResumed } from "./audit-runs";
import type { Run, RunStep, TenantSnapshot } from "./reads";

const TENANT = "chaos-t";
const KILLED = "2026-01-01T10:00:10.000Z";
const RESTARTED = "2026-01-01T10:00:20.000Z";

function step(name: string, finished_at: string | null): RunStep {
  return {
    step: name,
    status: finished_at ? "done" : "running",
    first_at: "",
    updated_at: "",
    finished_at,
  };
}

function run(status: string, steps: RunStep[], completed_at: string | null = null): Run {
  return {
    run_id: "r-1",
    keyword: "k",
    status,
    step: steps.at(-1)?.step ?? null,
    error: null,
    requested_at: "2026-01-01T10:00:00.000Z",
    started_at: null,
    completed_at,
    workflow_status: null,
    steps,
  };
}

function snapshotWith(r: Run): Map<string, TenantSnapshot> {
  return new Map([
    [
      TENANT,
      {
        tenant: TENANT,
        log: [],
        letters: [],
        runs: [r],
        view: {
          applied: 0,
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
      },
    ],
  ]);
}

const times = { killedAt: KILLED, restartedAt: RESTARTED };
const beforeKill = new Map([
  [
    TENANT,
    [
      run("running", [
        step("fetch research", "2026-01-01T10:00:01.000Z"),
        step("outline article", null),
      ]),
    ],
  ],
]);

describe("the resume check", () => {
  it("passes a run that kept its finished steps and went on after the restart", () => {
    const resumed = run(
      "complete",
      [
        step("fetch research", "2026-01-01T10:00:01.000Z"),
        step("outline article", "2026-01-01T10:00:22.000Z"),
      ],
      "2026-01-01T10:00:25.000Z",
    );
    expect(checkResumed(beforeKill, snapshotWith(resumed), times)).toEqual({
      findings: [],
      figures: { under_way: 1, resumed: 1, steps_kept: 1 },
    });
  });

  it("reports a run that ran a finished step again after the restart", () => {
    const fromScratch = run(
      "complete",
      [
        step("fetch research", "2026-01-01T10:00:21.000Z"),
        step("outline article", "2026-01-01T10:00:22.000Z"),
      ],
      "2026-01-01T10:00:25.000Z",
    );
    const { findings, figures } = checkResumed(beforeKill, snapshotWith(fromScratch), times);
    expect(findings[0]?.detail).toContain(
      "ran again steps it had finished before the kill: 'fetch research'",
    );
    expect(figures.resumed).toBe(0);
  });

  it("does not count a run that ended just before the kill as under way", () => {
    const endedFirst = run(
      "complete",
      [step("fetch research", "2026-01-01T10:00:01.000Z")],
      "2026-01-01T10:00:09.000Z",
    );
    expect(checkResumed(beforeKill, snapshotWith(endedFirst), times).figures.under_way).toBe(0);
  });
});
