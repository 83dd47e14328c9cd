import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import { markArticleReady } from "../agents/tenant/articles";
import { APPROVAL_STEP, claimDecision, type RunAction } from "../agents/tenant/run-actions";
import { readRun, recordProgress } from "../agents/tenant/run-store";
import { uniqueTenant } from "./support/api";
import { requestRun, runRequest, uniqueRunId } from "./support/content";
import { outboxTypes } from "./support/queue";

// The agent's word on what may go live (agents/tenant/publish-gate.ts), asked by a run's
// publish step and by the publisher. No workflow runs here: the runs are recorded as a
// decision records them, and brought to the approval step by its progress report.

async function agentOf(tenant: string) {
  return getAgentByName(env.TENANT_AGENT, tenant);
}

/** The run's article, as its write step stores it. */
function storeArticle(agent: Awaited<ReturnType<typeof agentOf>>, runId: string) {
  return agent.storeArticle({
    content_id: runId,
    run_id: runId,
    keyword: "winter tyres",
    title: "Winter Tyres",
    slug: "winter-tyres",
    markdown: "# Winter Tyres\n\nText.\n",
    summary: "Text.",
    word_count: 3,
    correlation_id: null,
    cause_id: null,
  });
}

/** A run the agent decided on, with approval required, waiting at its approval step. */
async function waitingRun(tenant: string): Promise<string> {
  const runId = uniqueRunId(tenant);
  await requestRun(tenant, [runRequest(runId, { require_approval: true })]);
  const agent = await agentOf(tenant);
  await storeArticle(agent, runId);
  await runInDurableObject(agent, (_agent, state) =>
    recordProgress(state.storage.sql, runId, { step: APPROVAL_STEP }, new Date().toISOString()),
  );
  return runId;
}

/** Records a person's decision on the run, as `actOnRun` does before it calls the engine. */
async function decide(tenant: string, runId: string, action: RunAction, note: string) {
  const agent = await agentOf(tenant);
  return runInDurableObject(agent, (_agent, state) => {
    const sql = state.storage.sql;
    return claimDecision(sql, readRun(sql, runId), runId, action, note, "2026-01-01T00:00:00Z");
  });
}

describe("what the agent lets go live", () => {
  it("holds back the article of a run that needs approval until the approval is on record", async () => {
    // Given a run waiting for approval
    const tenant = uniqueTenant("gate");
    const runId = await waitingRun(tenant);
    const agent = await agentOf(tenant);

    // When its publish step reports the article ready without an approval on record
    const early = await agent.recordContentReady({
      content_id: runId,
      run_id: runId,
      approval: "ok",
    });

    // Then nothing is sent, the publisher is told it is waiting, and it says why
    expect(early).toMatchObject({ emitted: 0, refused: expect.stringMatching(/needs approval/) });
    expect(await outboxTypes(agent)).toEqual([]);
    expect(await agent.getPublishableArticle(runId)).toEqual({
      ok: false,
      reason: `article ${runId} is not released for publishing: its run ${runId} is waiting for approval`,
    });

    // And once approved, the same report releases it
    expect(await decide(tenant, runId, "approve", "reads well")).toBeNull();
    const ready = await agent.recordContentReady({
      content_id: runId,
      run_id: runId,
      approval: "reads well",
    });
    expect(ready).toEqual({ content_id: runId, emitted: 2 });
    expect((await agent.getPublishableArticle(runId)).ok).toBe(true);
  });

  it("never lets a rejected run's article go live, whatever state the article is in", async () => {
    // Given a run that was rejected, and an article marked ready all the same
    const tenant = uniqueTenant("gate");
    const runId = await waitingRun(tenant);
    await decide(tenant, runId, "reject", "off brand");
    const agent = await agentOf(tenant);
    await runInDurableObject(agent, (_agent, state) =>
      markArticleReady(state.storage.sql, runId, runId, new Date().toISOString()),
    );

    // When the publisher asks
    const answer = await agent.getPublishableArticle(runId);

    // Then the agent refuses, naming the decision
    expect(answer).toEqual({
      ok: false,
      reason: `article ${runId} may not be published: its run ${runId} was rejected at 2026-01-01T00:00:00Z (off brand)`,
    });
  });

  it("keeps the first decision: a later action is refused with what was decided", async () => {
    const tenant = uniqueTenant("gate");
    const runId = await waitingRun(tenant);

    expect(await decide(tenant, runId, "reject", "off brand")).toBeNull();
    const approve = await decide(tenant, runId, "approve", "reads well");
    const cancel = await decide(tenant, runId, "cancel", "stop");

    for (const refused of [approve, cancel]) {
      expect(refused).toMatchObject({
        ok: false,
        status: 409,
        detail: expect.stringMatching(/already rejected at 2026-01-01T00:00:00Z \(off brand\)/),
      });
    }
  });

  it("refuses to cancel a run that has already handed its article to the publisher", async () => {
    // Given a run that needs no approval and has released its article
    const tenant = uniqueTenant("gate");
    const runId = uniqueRunId(tenant);
    await requestRun(tenant, [runRequest(runId)]);
    const agent = await agentOf(tenant);
    await storeArticle(agent, runId);
    expect(
      await agent.recordContentReady({ content_id: runId, run_id: runId, approval: null }),
    ).toEqual({ content_id: runId, emitted: 2 });

    // When it is cancelled
    const refused = await decide(tenant, runId, "cancel", "too late");

    // Then the cancel is refused, and the article stays publishable
    expect(refused).toMatchObject({
      status: 409,
      detail: expect.stringMatching(/already handed its article to the publisher/),
    });
    expect((await agent.getPublishableArticle(runId)).ok).toBe(true);
  });
});
