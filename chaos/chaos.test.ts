import { beforeAll, describe, expect, it } from "vitest";
import { auditRun, type ChaosReport, formatFigures, writeReport } from "./report";
import { runChaos } from "./run";

/**
 * The reliability guarantees (docs/RELIABILITY.md) against the whole platform on its
 * local runtime: one run with duplicates, out-of-order delivery and a hard kill, then an
 * audit of the platform against the driver's ledger. Each test is one check of the audit;
 * a failing one lists exactly what is missing or duplicated.
 */
describe("a chaos run: every message 2–3 times, out of order, services failing, the runtime killed mid-cycle", () => {
  let report: ChaosReport;

  beforeAll(async () => {
    const seed = process.env.CHAOS_SEED ? Number(process.env.CHAOS_SEED) : undefined;
    const port = process.env.CHAOS_PORT ? Number(process.env.CHAOS_PORT) : undefined;
    // The stand-in model server two ports up, when a port is given (a free one otherwise).
    const modelPort = port === undefined ? undefined : port + 2;
    const run = await runChaos({ seed, port, modelPort });
    report = auditRun(run);
    const path = await writeReport(report);
    console.log(`${formatFigures(report.figures)}\n  written to ${path}`);
  });

  it("applies every accepted message exactly once, or holds it as a dead letter with its reason", () => {
    expect(report.checks["exactly once"]).toEqual([]);
    expect(report.figures.effects.lost).toBe(0);
    expect(report.figures.effects.applied_twice).toBe(0);
  });

  it("keeps each agent's counters equal to its event log and to the ledger's deliveries", () => {
    expect(report.checks.counters).toEqual([]);
  });

  it("leaves no outbox row unsent, in agents or services, and no decided run unstarted", () => {
    expect(report.checks.outboxes).toEqual([]);
  });

  it("announces each published article once, through the command the fan-out derives", () => {
    expect(report.checks["derived exactly once"]).toEqual([]);
    expect(report.figures.announced_once).toBeGreaterThan(0);
  });

  it("ends every run it started: complete, or failed with a reason", () => {
    expect(report.checks["runs ended"]).toEqual([]);
    expect(report.figures.runs.complete).toBeGreaterThan(0);
    expect(report.figures.runs.failed).toBeGreaterThan(0);
  });

  it("resumes a run killed mid-way from the step it was in, not from the start", () => {
    expect(report.checks.resumed).toEqual([]);
    expect(report.figures.runs.under_way).toBeGreaterThan(0);
    expect(report.figures.runs.resumed).toBe(report.figures.runs.under_way);
  });

  it("applies a report before its page and a page before its article as if in order", () => {
    expect(report.checks["out of order"]).toEqual([]);
    expect(report.figures.applied_out_of_order).toBeGreaterThan(0);
  });

  it("keeps running each tenant's scheduled cycles after the restart", () => {
    expect(report.checks["schedules after restart"]).toEqual([]);
  });

  it("says of each run stuck waiting for approval why it waits, before anyone approves it", () => {
    expect(report.checks["why waiting"]).toEqual([]);
    expect(report.figures.runs.waiting_explained).toBeGreaterThan(0);
  });
});
