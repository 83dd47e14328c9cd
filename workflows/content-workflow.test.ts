import { introspectWorkflowInstance, runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { NonRetryableError } from "cloudflare:workflows";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import type { RunRequest } from "../agents/tenant/decision";
import { requestRuns } from "../agents/tenant/run-store";
import { api, createTenant, eventually, uniqueTenant } from "../test/support/api";
import {
  inAgent,
  loggedEvents,
  requestRun,
  startContentRun,
  uniqueRunId,
} from "../test/support/content";

/** What a decision asks for when it wants this run: the agent's record of it. */
function runRequest(runId: string): RunRequest {
  return {
    run_id: runId,
    content_id: runId,
    keyword: "budget apps for students",
    research_id: null,
    correlation_id: `chain-${runId}`,
    causation_id: `cause-${runId}`,
    template: "guide",
    require_approval: false,
    social_enabled: false,
  };
}

async function failures(tenant: string) {
  return eventually(
    () => loggedEvents(tenant, "workflow.failed"),
    (events) => events.length > 0,
  );
}

describe("a content run", () => {
  it("writes, edits and stores an article, then asks for it to be published", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);

    await startContentRun(tenant, runId, { keyword: "budget apps for students" });

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toMatchObject({
      content_id: runId,
      slug: "budget-apps-for-students",
      provider: "local",
      approved: false,
    });
    const article = await inAgent(tenant, (agent) => agent.getArticle(runId));
    expect(article?.status).toBe("ready");
    expect(article?.word_count).toBeGreaterThanOrEqual(300);
    expect(article?.markdown).toMatch(/^# .*Budget Apps for Students/);
  });

  it("retries a step that fails and completes when a later attempt succeeds", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);
    await instance.modify(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "draft article" }, new Error("provider timed out"), 2);
    });

    await startContentRun(tenant, runId);

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toMatchObject({ content_id: runId });
  });

  it("counts the tries of a step that failed before it succeeded, for the run's timeline", async () => {
    // Given a run the agent knows of, whose draft step fails twice
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);
    await instance.modify(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "draft article" }, new Error("provider timed out"), 2);
    });
    const stub = await getAgentByName(env.TENANT_AGENT, tenant);
    await runInDurableObject(stub, (_agent, state) =>
      requestRuns(state.storage.sql, "d-retry", [runRequest(runId)], new Date().toISOString()),
    );

    // When it runs to the end
    await startContentRun(tenant, runId);
    await instance.waitForStatus("complete");

    // Then its steps say how often each was tried
    const runs = await eventually(
      async () =>
        (
          (await (await api(`/api/tenants/${tenant}/runs`)).json()) as {
            runs: { run_id: string; steps: { step: string; attempts: number; status: string }[] }[];
          }
        ).runs,
      (list) => list[0]?.steps.some((s) => s.step === "publish article") ?? false,
    );
    const steps = runs.find((r) => r.run_id === runId)?.steps ?? [];
    expect(steps.find((s) => s.step === "draft article")).toMatchObject({
      attempts: 3,
      status: "done",
    });
    expect(steps.find((s) => s.step === "outline article")?.attempts).toBe(1);
  });

  it("fails after its retries run out and records which step failed and why", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);
    await instance.modify(async (m) => {
      await m.disableRetryDelays();
      await m.mockStepError({ name: "fetch research" }, new Error("research service unreachable"));
    });

    await startContentRun(tenant, runId, { keyword: "trail shoes" });

    await instance.waitForStatus("errored");
    const [failed] = await failures(tenant);
    expect(failed?.payload).toMatchObject({
      run_id: runId,
      step: "fetch research",
      keyword: "trail shoes",
    });
    expect(failed?.payload.reason).toMatch(/research service unreachable/);
  });

  it("ends the run at once when a step's own work fails permanently, without retrying it", async () => {
    // Given a run asked to write from research that does not exist (a permanent failure
    // of the step's body itself; retry delays stay on, so a retry would time the test out)
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);

    await startContentRun(tenant, runId, { research_id: "research-that-does-not-exist" });

    // Then it errors, and records which step failed and why
    await instance.waitForStatus("errored");
    const [failed] = await failures(tenant);
    expect(failed?.payload).toMatchObject({ run_id: runId, step: "fetch research" });
    expect(failed?.payload.reason).toMatch(/research-that-does-not-exist not found/);
  });

  it("does not retry a permanent failure", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);
    // Retry delays stay on: a retried step would wait 5 s, 10 s, 20 s and time the test out.
    await instance.modify(async (m) => {
      await m.mockStepError(
        { name: "outline article" },
        new NonRetryableError("the provider refused the request"),
      );
    });

    await startContentRun(tenant, runId);

    await instance.waitForStatus("errored");
    const [failed] = await failures(tenant);
    expect(failed?.payload).toMatchObject({ step: "outline article" });
    expect(failed?.payload.reason).toMatch(/refused/);
  });

  it("waits for approval before publishing, and publishes once approved", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);

    await startContentRun(tenant, runId, { require_approval: true });

    // The article is stored for the reviewer to read, but not yet handed to the publisher.
    await instance.waitForStepResult({ name: "store article" });
    expect((await inAgent(tenant, (agent) => agent.getArticle(runId)))?.status).toBe("stored");

    await inAgent(tenant, (agent) => agent.approveWorkflow(runId, { reason: "reads well" }));

    await instance.waitForStatus("complete");
    expect(await instance.getOutput()).toMatchObject({ approved: true });
    expect((await inAgent(tenant, (agent) => agent.getArticle(runId)))?.status).toBe("ready");
  });

  it("ends a rejected run without publishing and records the reviewer's reason", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);

    await startContentRun(tenant, runId, { require_approval: true });
    await instance.waitForStepResult({ name: "store article" });
    await inAgent(tenant, (agent) => agent.rejectWorkflow(runId, { reason: "off brand" }));

    await instance.waitForStatus("errored");
    const [failed] = await failures(tenant);
    expect(failed?.payload).toMatchObject({
      step: "wait for approval",
      reason: "rejected: off brand",
    });
    expect((await inAgent(tenant, (agent) => agent.getArticle(runId)))?.status).toBe("stored");
  });

  it("stops for good when cancelled while waiting", async () => {
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);

    await startContentRun(tenant, runId, { require_approval: true });
    await instance.waitForStepResult({ name: "store article" });
    await inAgent(tenant, (agent) => agent.terminateWorkflow(runId));

    await instance.waitForStatus("terminated");
    expect((await inAgent(tenant, (agent) => agent.getArticle(runId)))?.status).toBe("stored");
  });

  it("records when each step finished, from the step's own stored result", async () => {
    // Given a run the tenant's agent decided on and started
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    await using instance = await introspectWorkflowInstance(env.CONTENT_WORKFLOW, runId);
    await requestRun(tenant, [runRequest(runId)]);
    await inAgent(tenant, (agent) => agent.startRequestedRuns());

    // When it completes
    await instance.waitForStatus("complete");
    const output = (await instance.getOutput()) as { steps_finished_at: Record<string, string> };

    // Then every step has the time its body finished, the same the run's result gives
    const run = await eventually(
      async () => (await inAgent(tenant, (agent) => agent.listRuns()))[0],
      (r) => r?.status === "complete",
    );
    const times = Object.fromEntries(run?.steps.map((s) => [s.step, s.finished_at]) ?? []);
    expect(times).toEqual(output.steps_finished_at);
    expect(Object.keys(times)).toEqual([
      "fetch research",
      "outline article",
      "draft article",
      "edit article",
      "store article",
      "publish article",
    ]);
  });

  it("shows a step that ran again after a crash with the time of its second run", async () => {
    // Given a run whose first step reported finishing at one time
    const tenant = await createTenant(uniqueTenant("wf"));
    const runId = uniqueRunId(tenant);
    const first = "2026-01-01T10:00:00.000Z";
    const again = "2026-01-01T10:05:00.000Z";
    await requestRun(tenant, [runRequest(runId)], first);
    const steps = await inAgent(tenant, async (agent) => {
      await agent.onWorkflowProgress("CONTENT_WORKFLOW", runId, {
        seq: 2,
        step: "fetch research",
        status: "done",
        percent: 0.14,
        finished_at: first,
      });
      // When the run's result says the step's stored result is a later one (it ran again)
      await agent.onWorkflowComplete("CONTENT_WORKFLOW", runId, {
        steps_finished_at: { "fetch research": again },
      });
      return (await agent.listRuns())[0]?.steps;
    });

    // Then the record shows the second time, not the first report's
    expect(steps?.map((s) => [s.step, s.finished_at])).toEqual([["fetch research", again]]);
  });
});
