import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import { createMessage } from "../events";
import { api, eventually } from "./support/api";
import { loggedEvents } from "./support/content";
import { runBatch } from "./support/queue";
import { runAwaitingApproval, trace } from "./support/tenant";

type Run = { run_id: string; status: string; step: string | null; error: string | null };
type Letter = { event_id: string | null; reason: string };

async function runs(tenant: string): Promise<Run[]> {
  return ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs;
}

function act(tenant: string, runId: string, action: string, body?: unknown) {
  return api(`/api/tenants/${tenant}/runs/${runId}/${action}`, {
    method: "POST",
    ...(body === undefined
      ? {}
      : { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }),
  });
}

async function publishedCount(tenant: string): Promise<number> {
  const body = (await (await api(`/api/tenants/${tenant}`)).json()) as {
    state: { counts: { articles_published: number } };
  };
  return body.state.counts.articles_published;
}

describe("acting on a content run", () => {
  it("publishes an approved article, with the approval among the decision's reasons", async () => {
    const { tenant, chain, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "approve", { reason: "reads well" });

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ run_id: run.run_id, action: "approve" });
    await eventually(
      () => publishedCount(tenant),
      (n) => n === 1,
      20_000,
    );
    const entries = await trace(tenant, chain);
    const decision = entries.find((e) => e.kind === "decision" && e.parent === run.run_id);
    expect(decision?.reasons?.map((r) => r.text)).toContain("approved: reads well");
  });

  it("ends a rejected run with the reviewer's reason and publishes nothing", async () => {
    const { tenant, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "reject", { reason: "off brand" });

    expect(response.status).toBe(200);
    const [ended] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status === "errored",
      20_000,
    );
    expect(ended?.error).toMatch(/rejected: off brand/);
    const failed = await eventually(
      () => loggedEvents(tenant, "workflow.failed"),
      (events) => events.length > 0,
    );
    expect(failed[0]?.payload).toMatchObject({
      step: "wait for approval",
      reason: "rejected: off brand",
    });
    expect(await publishedCount(tenant)).toBe(0);
  });

  it("cancels a run: it ends terminated and counts as failed", async () => {
    const { tenant, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "cancel");

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ action: "cancel", status: "terminated" });
    const [cancelled] = await runs(tenant);
    expect(cancelled).toMatchObject({
      status: "terminated",
      error: "cancelled: cancelled over the API",
    });
    const instance = await env.CONTENT_WORKFLOW.get(run.run_id);
    expect((await instance.status()).status).toBe("terminated");
  });

  it("refuses what cannot be done: 409 for a finished run, 404 for an unknown one", async () => {
    const { tenant, run } = await runAwaitingApproval();
    await act(tenant, run.run_id, "cancel");

    const again = await act(tenant, run.run_id, "approve");
    expect(again.status).toBe(409);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
    expect((await act(tenant, "no-such-run", "approve")).status).toBe(404);
    expect((await act(tenant, run.run_id, "publish")).status).toBe(404);
  });

  it("answers 422 for a bad body and changes nothing", async () => {
    const { tenant, run } = await runAwaitingApproval();

    const response = await act(tenant, run.run_id, "approve", { reason: "", extra: 1 });

    expect(response.status).toBe(422);
    const [still] = await runs(tenant);
    expect(still?.step).toBe("wait for approval");
  });
});

describe("a run's progress", () => {
  it("ignores a report replayed from an earlier step", async () => {
    const { tenant, run } = await runAwaitingApproval();
    const agent = await getAgentByName(env.TENANT_AGENT, tenant);

    // A replaying workflow reports its first step again.
    await runInDurableObject(agent, (a) =>
      a.onWorkflowProgress("CONTENT_WORKFLOW", run.run_id, {
        seq: 1,
        step: "fetch research",
        status: "running",
        percent: 0,
      }),
    );

    const [after] = await runs(tenant);
    expect(after?.step).toBe("wait for approval");
  });
});

describe("deciding a run's approval", () => {
  it("keeps the first decision: a reject after an approve is 409 and the run publishes once", async () => {
    // Given a run waiting for approval
    const { tenant, run } = await runAwaitingApproval();

    // When it is approved, and then rejected at once
    const approved = await act(tenant, run.run_id, "approve", { reason: "reads well" });
    const rejected = await act(tenant, run.run_id, "reject", { reason: "changed my mind" });

    // Then the rejection is refused, saying what already happened
    expect(approved.status).toBe(200);
    expect(rejected.status).toBe(409);
    expect(rejected.headers.get("content-type")).toBe("application/problem+json");
    expect(((await rejected.json()) as { detail: string }).detail).toMatch(
      /already approved .*reads well/,
    );
    // And the run completes, and its article is published once
    const [done] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status === "complete",
      20_000,
    );
    expect(done?.error).toBeNull();
    await eventually(
      () => publishedCount(tenant),
      (n) => n === 1,
      20_000,
    );
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);
    expect(await publisher.listPublications()).toHaveLength(1);
  });

  it("lets exactly one of a concurrent approve and reject act", async () => {
    // Given a run waiting for approval
    const { tenant, run } = await runAwaitingApproval();

    // When an approval and a rejection arrive together
    const answers = await Promise.all([
      act(tenant, run.run_id, "approve"),
      act(tenant, run.run_id, "reject"),
    ]);

    // Then one acts and the other is refused
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = answers[0]?.status === 200 ? "approve" : "reject";
    // And the run ends as the winner decided, and nothing else happens to it
    const [ended] = await eventually(
      () => runs(tenant),
      (list) => list[0]?.status === "complete" || list[0]?.status === "errored",
      20_000,
    );
    if (winner === "approve") {
      expect(ended?.status).toBe("complete");
      await eventually(
        () => publishedCount(tenant),
        (n) => n === 1,
        20_000,
      );
    } else {
      expect(ended?.status).toBe("errored");
      const instance = await env.CONTENT_WORKFLOW.get(run.run_id);
      await eventually(
        async () => (await instance.status()).status,
        (status) => status === "errored",
        20_000,
      );
      expect(await loggedEvents(tenant, "content.publish")).toEqual([]);
      expect(await publishedCount(tenant)).toBe(0);
    }
  });
});

describe("a publish command for an article that is not approved", () => {
  it("publishes nothing and dead-letters the command with the reason", async () => {
    // Given a run whose article is stored and waits for approval
    const { tenant, run } = await runAwaitingApproval();
    const contentId = run.run_id;

    // When a content.publish for that article reaches the publisher
    const command = createMessage(
      "content.publish",
      { content_id: contentId, keyword: "winter tyres" },
      { tenant_id: tenant, source: "content-workflow" },
    );
    const result = await runBatch("publish-commands", [command]);

    // Then it is dead-lettered at once, saying why, and nothing goes live
    expect(result.explicitAcks).toEqual(["m-0"]);
    const letters = await eventually(
      async () =>
        ((await (await api(`/api/dlq?tenant=${tenant}`)).json()) as { dead_letters: Letter[] })
          .dead_letters,
      (list) => list.some((l) => l.event_id === command.event_id),
    );
    expect(letters.find((l) => l.event_id === command.event_id)?.reason).toMatch(
      /waiting for approval/,
    );
    expect(await env.PUBLISHER_SERVICE.getByName(tenant).listPublications()).toEqual([]);
    expect(await env.PUBLISHER_SERVICE.getByName(tenant).listPages()).toEqual([]);
  });
});
