import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Run } from "../../api/schemas";
import { RunList } from "./run-list";

function run(overrides: Partial<Run> = {}): Run {
  return {
    run_id: "acme-1",
    content_id: "acme-1",
    keyword: "budget apps",
    research_id: "r-1",
    correlation_id: "chain-1",
    decision_id: "d-1",
    status: "running",
    step: "draft",
    percent: 0.4,
    waiting: null,
    retry_of: null,
    restarts: 0,
    restarted_from: null,
    error: null,
    requested_at: "2026-11-22T10:00:00.000Z",
    started_at: "2026-11-22T10:00:01.000Z",
    updated_at: "2026-11-22T10:00:04.000Z",
    completed_at: null,
    workflow_status: "running",
    steps: [
      {
        run_id: "acme-1",
        step: "outline",
        status: "complete",
        message: null,
        first_at: "2026-11-22T10:00:01.000Z",
        updated_at: "2026-11-22T10:00:02.500Z",
        attempts: 3,
        finished_at: "2026-11-22T10:00:02.400Z",
      },
      {
        run_id: "acme-1",
        step: "draft",
        status: "running",
        message: "writing",
        first_at: "2026-11-22T10:00:02.500Z",
        updated_at: "2026-11-22T10:00:04.000Z",
        attempts: 1,
        finished_at: null,
      },
    ],
    ...overrides,
  };
}

describe("the run list", () => {
  it("shows a running run's progress, current step and link to its chain", () => {
    const html = renderToStaticMarkup(<RunList runs={[run()]} tenantId="acme" />);
    expect(html).toContain('<progress aria-label="budget apps progress" max="1" value="0.4">');
    expect(html).toContain("40 %");
    expect(html).toContain(">draft<");
    expect(html).toContain('href="/trace/chain-1?tenant=acme"');
  });

  it("lists the steps in order with their timings and retries", () => {
    const html = renderToStaticMarkup(<RunList runs={[run()]} tenantId="acme" />);
    expect(html.indexOf(">outline<")).toBeLessThan(html.indexOf(">draft</strong>"));
    expect(html).toContain("1.5 s");
    expect(html).toContain("2 retries");
  });

  it("shows an unknown progress as an indeterminate bar, and a failed run's error", () => {
    const html = renderToStaticMarkup(
      <RunList
        runs={[
          run({ status: "errored", percent: null, step: null, error: "editorial rejected it" }),
        ]}
        tenantId="acme"
      />,
    );
    expect(html).toContain('<progress aria-label="budget apps progress">');
    expect(html).toContain("editorial rejected it");
    expect(html).not.toContain("waiting to start");
  });

  it("offers the actions the viewer may take on a run", () => {
    const html = renderToStaticMarkup(
      <RunList
        runs={[run()]}
        tenantId="acme"
        actions={() => <button type="button">Approve</button>}
      />,
    );
    expect(html).toContain(">Approve</button>");
  });
});

describe("a run waiting for approval", () => {
  it("offers approve, reject and cancel; a running one only cancel; a finished one nothing", async () => {
    const { RunActions } = await import("./run-actions");
    const waiting = renderToStaticMarkup(
      <RunActions run={run({ status: "waiting", step: "wait for approval" })} tenantId="acme" />,
    );
    expect(waiting).toContain('data-testid="run-approve"');
    expect(waiting).toContain('data-testid="run-reject"');
    expect(waiting).toContain('data-testid="run-cancel"');
    const running = renderToStaticMarkup(<RunActions run={run()} tenantId="acme" />);
    expect(running).not.toContain("run-approve");
    expect(running).toContain('data-testid="run-cancel"');
    expect(
      renderToStaticMarkup(<RunActions run={run({ status: "complete" })} tenantId="acme" />),
    ).toBe("");
  });

  it("offers a retry of a run that failed, and says which run a retry retries", async () => {
    const { RunActions } = await import("./run-actions");
    const failed = renderToStaticMarkup(
      <RunActions run={run({ status: "errored" })} tenantId="acme" />,
    );
    expect(failed).toContain('data-testid="run-retry"');
    expect(failed).not.toContain("run-cancel");
    const retry = renderToStaticMarkup(
      <RunList runs={[run({ run_id: "acme-1-r2", retry_of: "acme-1" })]} tenantId="acme" />,
    );
    expect(retry).toContain("retries acme-1");
  });

  it("offers a restart of a run that ended from a step it reached, the one it stopped at first", async () => {
    const { RunActions } = await import("./run-actions");
    const step = (name: string) => ({
      run_id: "acme-1",
      step: name,
      status: "done",
      message: null,
      first_at: "2026-11-22T10:00:02.000Z",
      updated_at: "2026-11-22T10:00:03.000Z",
      attempts: 1,
      finished_at: null,
    });
    const failed = renderToStaticMarkup(
      <RunActions
        run={run({
          status: "errored",
          step: "draft article",
          steps: [step("fetch research"), step("outline article"), step("draft article")],
        })}
        tenantId="acme"
      />,
    );
    expect(failed).toContain('data-testid="run-restart"');
    expect(failed).toContain('<option value="outline article">');
    expect(failed).toContain('<option value="draft article" selected="">');
    expect(failed).not.toContain("publish article");
    const restarted = renderToStaticMarkup(
      <RunList runs={[run({ restarts: 1, restarted_from: "draft article" })]} tenantId="acme" />,
    );
    expect(restarted).toContain("restarted from draft article");
  });

  it("says why a run that was asked for has not started", () => {
    // given a run held because the tenant's budget is spent
    const waiting = {
      reason: "budget",
      text: "Budget reached: $1.0500 of the $1 budget for 2026-11; new runs are held.",
      since: "2026-11-22T10:00:00.000Z",
    };
    const html = renderToStaticMarkup(
      <RunList
        runs={[run({ status: "requested", step: null, percent: null, started_at: null, waiting })]}
        tenantId="acme"
      />,
    );
    // then the run says so, with the reason the API gave
    expect(html).toContain('data-reason="budget"');
    expect(html).toContain(
      "Budget reached: $1.0500 of the $1 budget for 2026-11; new runs are held.",
    );
  });
});
