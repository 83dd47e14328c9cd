import { beforeAll, describe, expect, it } from "vitest";
import { OUTAGE_SECONDS, type OutageRun, runOpsOutage } from "./ops-outage";

describe(`the OpsAgent down for ${OUTAGE_SECONDS} s while events flow`, () => {
  let run: OutageRun;
  beforeAll(async () => {
    run = await runOpsOutage();
    console.log(
      `ops outage: ${run.requestsDuring} ingest requests during it, ${run.messagesAccepted} messages accepted in all, waits ${JSON.stringify(run.waits)}`,
    );
  });

  it("accepts every event for tenants the platform already knew", () => {
    expect(run.waits.warm).toBe(true);
    expect(run.requestsDuring).toBeGreaterThan(0);
    expect(run.refusedKnown).toEqual([]);
  });

  it("applies each accepted event exactly once, the outage's included", () => {
    expect(run.waits.applied).toBe(true);
    for (const tenant of run.known) {
      const log = run.logs.get(tenant) ?? [];
      const accepted = run.accepted.get(tenant) ?? new Set<string>();
      const applied = log.filter((e) => accepted.has(e.event_id)).map((e) => e.event_id);
      expect(applied.sort()).toEqual([...accepted].sort());
    }
  });

  it("dead-letters nothing: no message failed for want of the OpsAgent", () => {
    expect(run.letters).toEqual([]);
    expect(run.queues.events?.dead_lettered ?? 0).toBe(0);
  });

  it("counts the outage's deliveries in the metrics once the OpsAgent is back", () => {
    expect(run.waits.metrics).toBe(true);
    expect(run.queues.events?.delivered ?? 0).toBeGreaterThanOrEqual(run.messagesAccepted);
  });

  it("answers 503 problem+json with Retry-After where it needs the OpsAgent, and takes the same request after", () => {
    expect(run.readDuring).toMatchObject({
      status: 503,
      contentType: "application/problem+json",
      retryAfter: "5",
    });
    expect(run.lateDuring.length).toBeGreaterThan(0);
    for (const a of run.lateDuring) {
      expect(a).toMatchObject({ status: 503, contentType: "application/problem+json" });
      expect(a.retryAfter).not.toBeNull();
    }
    expect(run.waits.outageEnded).toBe(true);
    expect(run.lateAfter?.status).toBe(202);
  });
});
