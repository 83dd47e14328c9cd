import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createTenant, eventually, postJson, uniqueTenant } from "./support/api";
import { inAgent, requestRun, runRequest, uniqueRunId } from "./support/content";
import { createTenantWithStrategy, runAwaitingApproval, runCycle } from "./support/tenant";

type Step = { step: string; status: string; attempts: number; finished_at: string | null };
type Run = {
  run_id: string;
  status: string;
  step: string | null;
  error: string | null;
  restarts: number;
  restarted_from: string | null;
  steps: Step[];
};

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

async function runOf(tenant: string, runId: string, done: (run: Run) => boolean): Promise<Run> {
  const list = await eventually(
    () => runs(tenant),
    (all) => {
      const run = all.find((r) => r.run_id === runId);
      return run !== undefined && done(run);
    },
    20_000,
  );
  const run = list.find((r) => r.run_id === runId);
  if (!run) throw new Error(`no run ${runId}`);
  return run;
}

const restart = (tenant: string, runId: string, from: string) =>
  postJson(`/api/tenants/${tenant}/runs/${runId}/restart`, { from });

async function publications(tenant: string): Promise<unknown[]> {
  const response = await api(`/services/publisher/${tenant}/publications`);
  return ((await response.json()) as { publications: unknown[] }).publications;
}

async function loggedTypes(tenant: string): Promise<string[]> {
  const body = (await (await api(`/api/events?tenant=${tenant}&limit=200`)).json()) as {
    events: { type: string }[];
  };
  return body.events.map((e) => e.type);
}

/**
 * The model fails for good while `body` runs: the text provider is misconfigured (a
 * permanent failure of the outline step), as an operator's mistake would make it. The
 * tests of this file run one at a time, and it is put back before the next step.
 */
async function withBrokenModel<T>(body: () => Promise<T>): Promise<T> {
  const vars = env as unknown as Record<string, string>;
  const before = vars.TEXT_PROVIDER ?? "local";
  vars.TEXT_PROVIDER = "misconfigured";
  try {
    return await body();
  } finally {
    vars.TEXT_PROVIDER = before;
  }
}

describe("restarting a run from a step", () => {
  it("runs the failed step and those after it again, keeping the results of the steps before it", async () => {
    // given a run whose model failed at "outline article", after "fetch research" succeeded
    const tenant = await createTenant(uniqueTenant("rs"));
    const runId = uniqueRunId(tenant);
    await requestRun(tenant, [runRequest(runId, { social_enabled: false })]);
    const failed = await withBrokenModel(async () => {
      await inAgent(tenant, (agent) => agent.startRequestedRuns());
      return runOf(tenant, runId, (r) => r.status === "errored");
    });
    expect(failed.step).toBe("outline article");
    expect(failed.error).toMatch(/TEXT_PROVIDER/);
    const fetched = failed.steps.find((s) => s.step === "fetch research");
    expect(fetched).toMatchObject({ status: "done", attempts: 1 });

    // when the model is fixed and the run restarted from the step that failed
    const response = await restart(tenant, runId, "outline article");

    // then the run is under way again from that step, and completes
    expect(response.status).toBe(202);
    expect(await response.json()).toMatchObject({
      run_id: runId,
      from: "outline article",
      kept: ["fetch research"],
      restarts: 1,
    });
    const done = await runOf(tenant, runId, (r) => r.status === "complete");
    expect(done).toMatchObject({ restarts: 1, restarted_from: "outline article", error: null });
    // the step before it was not run again: its one try, its time from before the failure
    expect(done.steps.find((s) => s.step === "fetch research")).toEqual(fetched);
    expect(done.steps.find((s) => s.step === "outline article")).toMatchObject({
      status: "done",
      attempts: 1,
    });
    expect(done.steps.map((s) => s.step)).toEqual([
      "fetch research",
      "outline article",
      "draft article",
      "edit article",
      "store article",
      "publish article",
    ]);
    // and its article was released once
    await eventually(
      () => loggedTypes(tenant),
      (types) => types.includes("content.ready"),
    );
  });

  it("refuses a name that is no step, a run that does not exist and a run still going", async () => {
    // given a run waiting for approval
    const { tenant, run: waiting } = await runAwaitingApproval({
      seed_keywords: ["solar panels"],
    });

    // then a step it does not have is a 400 that lists the steps it does
    const unknown = await restart(tenant, waiting.run_id, "write poem");
    expect(unknown.status).toBe(400);
    const problem = (await unknown.json()) as { detail: string };
    expect(problem.detail).toContain('"fetch research"');
    expect(problem.detail).toContain('"publish article"');
    // an unknown run a 404, a bad body a 422
    expect((await restart(tenant, "no-such-run", "draft article")).status).toBe(404);
    expect(
      (await postJson(`/api/tenants/${tenant}/runs/${waiting.run_id}/restart`, {})).status,
    ).toBe(422);
    // and a run still going a 409 that says so
    const going = await restart(tenant, waiting.run_id, "draft article");
    expect(going.status).toBe(409);
    expect(((await going.json()) as { detail: string }).detail).toContain(
      "only a run that has ended",
    );
  });

  it("asks again for the approval of a rejected run restarted from its approval, and publishes it once approved", async () => {
    // given a run whose article was rejected
    const { tenant, run: first } = await runAwaitingApproval({
      seed_keywords: ["solar panels"],
      social_enabled: false,
    });
    expect((await postJson(`/api/tenants/${tenant}/runs/${first.run_id}/reject`, {})).status).toBe(
      200,
    );
    const rejected = await runOf(tenant, first.run_id, (r) => r.status === "errored");
    const stored = rejected.steps.find((s) => s.step === "store article");

    // a restart after the approval would replay the rejection: refused
    expect((await restart(tenant, first.run_id, "publish article")).status).toBe(409);

    // when it is restarted from the approval
    expect((await restart(tenant, first.run_id, "wait for approval")).status).toBe(202);

    // then it waits for approval again, its article kept
    const again = await runOf(
      tenant,
      first.run_id,
      (r) =>
        r.status === "running" &&
        r.steps.some((s) => s.step === "wait for approval" && s.status === "waiting"),
    );
    expect(again.steps.find((s) => s.step === "store article")).toEqual(stored);
    // and once approved it publishes
    expect((await postJson(`/api/tenants/${tenant}/runs/${first.run_id}/approve`, {})).status).toBe(
      200,
    );
    await runOf(tenant, first.run_id, (r) => r.status === "complete");
    await eventually(
      () => publications(tenant),
      (list) => list.length === 1,
      20_000,
    );
  });

  it("keeps the approval of an approved run restarted after its approval step", async () => {
    // given an approved run that published its article
    const { tenant, run: first } = await runAwaitingApproval({
      seed_keywords: ["solar panels"],
      social_enabled: false,
    });
    expect((await postJson(`/api/tenants/${tenant}/runs/${first.run_id}/approve`, {})).status).toBe(
      200,
    );
    await runOf(tenant, first.run_id, (r) => r.status === "complete");

    // when it is restarted from its publish step
    expect((await restart(tenant, first.run_id, "publish article")).status).toBe(202);

    // then the approval replays and stands, the run completes, and nothing is published twice
    const done = await runOf(
      tenant,
      first.run_id,
      (r) => r.status === "complete" && r.restarts === 1,
    );
    expect(done.error).toBeNull();
    await eventually(
      () => publications(tenant),
      (list) => list.length === 1,
      20_000,
    );
    expect((await loggedTypes(tenant)).filter((t) => t === "content.ready")).toHaveLength(1);
  });

  it("never publishes the article of a complete run a second time", async () => {
    // given a run that published its article
    const tenant = await createTenantWithStrategy({
      seed_keywords: ["solar panels"],
      max_difficulty: 100,
      min_volume: 0,
      social_enabled: false,
    });
    await runCycle(tenant);
    const [first] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status === "complete",
      20_000,
    );
    if (!first) throw new Error("no run");
    await eventually(
      () => loggedTypes(tenant),
      (types) => types.includes("content.published"),
      20_000,
    );

    // when it is restarted from its draft
    expect((await restart(tenant, first.run_id, "draft article")).status).toBe(202);

    // then it runs the draft and what follows again, and completes
    const done = await runOf(
      tenant,
      first.run_id,
      (r) => r.status === "complete" && r.restarts === 1,
    );
    expect(done.steps.find((s) => s.step === "publish article")?.status).toBe("done");
    // but its publish step released nothing new: one content.ready, one page
    const state = (await (await api(`/api/tenants/${tenant}`)).json()) as {
      state: { counts: { articles_published: number } };
    };
    expect(state.state.counts.articles_published).toBe(1);
    expect((await loggedTypes(tenant)).filter((t) => t === "content.ready")).toHaveLength(1);
    expect(await publications(tenant)).toHaveLength(1);
  });
});
