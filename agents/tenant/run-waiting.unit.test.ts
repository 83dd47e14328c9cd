import { describe, expect, it } from "vitest";
import type { RunStep } from "./run-store";
import { runWaiting } from "./run-waiting";

const run = (over: Partial<Parameters<typeof runWaiting>[0]> = {}) => ({
  status: "running",
  step: "draft article",
  error: null,
  requested_at: "2030-01-01T10:00:00.000Z",
  updated_at: "2030-01-01T10:05:00.000Z",
  ...over,
});
const step = (over: Partial<RunStep>): RunStep => ({
  run_id: "r1",
  step: "draft article",
  status: "running",
  message: null,
  first_at: "2030-01-01T10:01:00.000Z",
  updated_at: "2030-01-01T10:02:00.000Z",
  attempts: 1,
  finished_at: null,
  ...over,
});

describe("why a run is waiting", () => {
  it("says nothing of a run that moves, or one that ended", () => {
    expect(runWaiting(run(), [step({})], null)).toBeNull();
    expect(runWaiting(run({ status: "complete" }), [], null)).toBeNull();
    expect(runWaiting(run({ status: "errored", step: "wait for approval" }), [], null)).toBeNull();
  });

  it("gives the tenant's hold as the reason of a run asked for while runs are held", () => {
    const hold = { reason: "paused" as const, text: "paused by ops since T", since: "T" };
    expect(runWaiting(run({ status: "requested", step: null }), [], hold)).toEqual(hold);
  });

  it("says a run asked for waits for the engine, and why the engine did not start it", () => {
    expect(runWaiting(run({ status: "requested", step: null }), [], null)).toMatchObject({
      reason: "starting",
      since: "2030-01-01T10:00:00.000Z",
    });
    const refused = runWaiting(
      run({ status: "requested", step: null, error: "instance.already_exists" }),
      [],
      null,
    );
    expect(refused?.reason).toBe("not_started");
    expect(refused?.text).toContain("(instance.already_exists)");
  });

  it("says a run at the approval step waits for a person, since the step began", () => {
    const waiting = runWaiting(
      run({ status: "waiting", step: "wait for approval" }),
      [
        step({
          step: "wait for approval",
          status: "waiting",
          first_at: "2030-01-01T10:03:00.000Z",
        }),
      ],
      null,
    );
    expect(waiting).toMatchObject({ reason: "approval", since: "2030-01-01T10:03:00.000Z" });
    expect(waiting?.text).toMatch(/^Waiting for approval since 2030-01-01T10:03:00.000Z: /);
  });

  it("says which try a failing step is on, of how many, and how far apart", () => {
    // Given the draft step (a text-generation step: 3 retries, 5 s apart, doubling) on its 2nd try
    const waiting = runWaiting(run(), [step({ status: "retrying", attempts: 2 })], null);
    // Then the run says so
    expect(waiting).toEqual({
      reason: "retrying",
      text: 'Step "draft article" failed and is being tried again: attempt 2 of 4; tries are 5 s apart, doubling each time.',
      since: "2030-01-01T10:02:00.000Z",
    });
  });
});
