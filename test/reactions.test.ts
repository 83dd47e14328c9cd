import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { APPROVAL_STEP } from "../agents/tenant/run-actions";
import { runsUnderWay } from "../agents/tenant/run-store";
import { createMessage, type Message } from "../events";
import { createTenant, eventually } from "./support/api";
import { requestRun, runRequest } from "./support/content";
import { watch } from "./support/dashboard";

function fact<T extends Parameters<typeof createMessage>[0]>(
  tenant: string,
  type: T,
  payload: Parameters<typeof createMessage<T>>[1],
  at: string,
) {
  return createMessage(
    type,
    payload,
    { tenant_id: tenant, source: "test", correlation_id: "c-1" },
    {
      newId: () => crypto.randomUUID(),
      now: () => new Date(at),
    },
  );
}

/** An article's facts as a content run, the publisher and analytics would send them. */
function articleFacts(tenant: string): Message[] {
  return [
    fact(
      tenant,
      "content.ready",
      { content_id: "c-1", keyword: "budget apps", word_count: 1200 },
      "2025-03-01T06:00:00Z",
    ),
    fact(
      tenant,
      "content.published",
      {
        content_id: "c-1",
        urls: ["https://brand.example/budget-apps"],
        published_at: "2025-03-01T07:00:00Z",
      },
      "2025-03-01T07:00:01Z",
    ),
    fact(
      tenant,
      "performance.report",
      {
        url: "https://brand.example/budget-apps",
        impressions: 900,
        clicks: 40,
        position: 6.5,
        period: "28d",
      },
      "2025-03-29T07:00:00Z",
    ),
  ];
}

/** Everything the agent recorded about articles, pages and performance. */
async function domainTables(tenant: string) {
  return runInDurableObject(env.TENANT_AGENT.getByName(tenant), (_agent, state) => {
    const sql = state.storage.sql;
    return {
      content: sql.exec("SELECT * FROM content ORDER BY content_id").toArray(),
      publications: sql.exec("SELECT * FROM publications ORDER BY url").toArray(),
      performance: sql.exec("SELECT * FROM performance ORDER BY url, period").toArray(),
    };
  });
}

/** The ids the research service stored for a tenant. */
function researchIds(
  shard: DurableObjectStub<import("../services/research/research-service").ResearchService>,
) {
  return runInDurableObject(shard, (_service, state) =>
    state.storage.sql
      .exec<{ research_id: string }>("SELECT research_id FROM research ORDER BY research_id")
      .toArray()
      .map((r) => r.research_id),
  );
}

/** The same facts, applied to another tenant as the same content (ids and all). */
function forTenant(messages: Message[], tenant: string): Message[] {
  return messages.map((m) => ({ ...m, tenant_id: tenant }));
}

describe("the tenant agent's reactions", () => {
  it("records an article ready, published and reported, and schedules its performance check", async () => {
    const tenant = await createTenant();
    await env.TENANT_AGENT.getByName(tenant).applyEvents(articleFacts(tenant));
    const tables = await domainTables(tenant);
    expect(tables.content).toEqual([
      expect.objectContaining({
        content_id: "c-1",
        keyword: "budget apps",
        published_at: "2025-03-01T07:00:00Z",
      }),
    ]);
    // The default strategy checks performance 28 days after publishing.
    expect(tables.publications).toEqual([
      expect.objectContaining({
        url: "https://brand.example/budget-apps",
        check_due_at: "2025-03-29T07:00:00.000Z",
      }),
    ]);
    expect(tables.performance).toEqual([expect.objectContaining({ clicks: 40, period: "28d" })]);
    expect(
      (await env.TENANT_AGENT.getByName(tenant).getTenantState()).counts.articles_published,
    ).toBe(1);
  });

  it("ends in the same state when events arrive twice and out of order", async () => {
    // Given two tenants that receive the same facts
    const inOrder = await createTenant();
    const shuffled = await createTenant();
    const facts = articleFacts(inOrder);
    const [ready, published, report] = facts as [Message, Message, Message];

    // When one gets them in order and the other published-before-ready, each twice, in two deliveries
    await env.TENANT_AGENT.getByName(inOrder).applyEvents(facts);
    const other = env.TENANT_AGENT.getByName(shuffled);
    await other.applyEvents(forTenant([published, report, published], shuffled));
    const { outcomes } = await other.applyEvents(forTenant([ready, report, ready], shuffled));

    // Then the redeliveries were skipped and both record exactly the same
    expect(outcomes.map((o) => o.status)).toEqual(["applied", "duplicate", "duplicate"]);
    expect(await domainTables(shuffled)).toEqual(await domainTables(inOrder));
    const state = await other.getTenantState();
    expect({ applied: state.applied, duplicates: state.duplicates }).toEqual({
      applied: 3,
      duplicates: 3,
    });
  });

  it("shows a redelivery to a watching dashboard even when a batch holds nothing new", async () => {
    // Given a tenant whose dashboard is connected, and an event it has applied
    const tenant = await createTenant();
    const agent = env.TENANT_AGENT.getByName(tenant);
    const [ready] = articleFacts(tenant) as [Message];
    await agent.applyEvents([ready]);
    const dashboard = await watch(tenant);

    // When the same event is delivered again
    await agent.applyEvents([ready]);

    // Then the dashboard is told of the duplicate
    const live = await dashboard.stateWhere((s) => s.duplicates === 1);
    expect({ applied: live.applied, duplicates: live.duplicates }).toEqual({
      applied: 1,
      duplicates: 1,
    });
    dashboard.close();
  });

  it("decides once on research delivered twice: one decision, no second run", async () => {
    // Given research stored by the research service for this tenant
    const tenant = await createTenant();
    const research = env.RESEARCH_SERVICE.getByName(tenant);
    const request = createMessage(
      "research.requested",
      { keywords: ["budget apps", "saving tips"] },
      { tenant_id: tenant, source: "test", correlation_id: "chain-1" },
    );
    await research.research([request]);
    const ids = await researchIds(research);
    const completed = createMessage(
      "research.completed",
      { research_ids: ids, keywords_researched: ids.length },
      { tenant_id: tenant, source: "research", cause: request },
    );
    const agent = env.TENANT_AGENT.getByName(tenant);
    await agent.setStrategy({ max_difficulty: 100, min_volume: 0 });

    // When the same research.completed is delivered twice
    await agent.applyEvents([completed]);
    const { outcomes: again } = await agent.applyEvents([completed]);

    // Then the second is a duplicate, and there is one decision and one run per kept keyword
    expect(again).toEqual([{ event_id: completed.event_id, status: "duplicate" }]);
    const counts = await runInDurableObject(agent, (_a, state) => ({
      decisions: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM decisions").one()
        .n,
      runs: state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM runs").one().n,
    }));
    expect(counts).toEqual({ decisions: 1, runs: 2 });
  });

  it("recognises a run it already started when it starts it again after a crash", async () => {
    // Given a decision whose run was started
    const tenant = await createTenant();
    const research = env.RESEARCH_SERVICE.getByName(tenant);
    const request = createMessage(
      "research.requested",
      { keywords: ["budget apps"] },
      { tenant_id: tenant, source: "test", correlation_id: "chain-2" },
    );
    await research.research([request]);
    const [id] = await researchIds(research);
    const agent = env.TENANT_AGENT.getByName(tenant);
    // Approval keeps the run parked and silent, so no progress report races the test.
    await agent.setStrategy({ max_difficulty: 100, min_volume: 0, require_approval: true });
    await agent.applyEvents([
      createMessage(
        "research.completed",
        { research_ids: [id ?? ""], keywords_researched: 1 },
        { tenant_id: tenant, source: "research", cause: request },
      ),
    ]);
    const [run] = await eventually(
      () => agent.listRuns(),
      (runs) => runs[0]?.step === "wait for approval",
    );
    expect(run?.status).not.toBe("requested");

    // When the agent forgets it started it (a crash between starting and recording)
    await runInDurableObject(agent, (_a, state) => {
      state.storage.sql.exec(
        "UPDATE runs SET status = 'requested' WHERE run_id = ?",
        run?.run_id ?? "",
      );
    });
    const restarted = await agent.startRequestedRuns();

    // Then starting it again finds the existing workflow instance rather than a second one
    expect(restarted).toBe(1);
    const runs = await agent.listRuns();
    expect(runs.map((r) => [r.run_id, r.status === "requested"])).toEqual([[run?.run_id, false]]);
    const instance = await env.CONTENT_WORKFLOW.get(run?.run_id ?? "");
    expect(instance.id).toBe(run?.run_id);
  });

  it("counts a run as started when the engine already has it, even if the crash lost its tracking", async () => {
    // Given a run whose workflow instance exists
    const tenant = await createTenant();
    const agent = env.TENANT_AGENT.getByName(tenant);
    const runId = `${tenant}-fedcba9876543210`;
    await requestRun(tenant, [runRequest(runId)]);
    expect(await agent.startRequestedRuns()).toBe(1);

    // When a crash right after the engine created it lost both the agent's record and its tracking
    await runInDurableObject(agent, (_a, state) => {
      state.storage.sql.exec("UPDATE runs SET status = 'requested' WHERE run_id = ?", runId);
      state.storage.sql.exec("DELETE FROM cf_agents_workflows WHERE workflow_id = ?", runId);
    });

    // Then the engine's "already exists" counts as started: no second instance, no retry
    expect(await agent.startRequestedRuns()).toBe(1);
    const [run] = await agent.listRuns();
    expect(run?.status).not.toBe("requested");
    expect(run?.error).toBeNull();
  });

  it("starts a decided run once when two passes try to start it at the same time", async () => {
    // Given a run the agent decided on and has not started yet
    const tenant = await createTenant();
    const agent = env.TENANT_AGENT.getByName(tenant);
    const runId = `${tenant}-0123456789abcdef`;
    await requestRun(tenant, [runRequest(runId)]);

    // When two passes (a new batch and a retry, say) start requested runs at once
    const [first, second] = await Promise.all([
      agent.startRequestedRuns(),
      agent.startRequestedRuns(),
    ]);

    // Then only one of them starts it, and the run is tracked as a workflow
    expect(first + second).toBe(1);
    const [run] = await agent.listRuns();
    expect(run).toMatchObject({ run_id: runId, status: expect.not.stringMatching("requested") });
    expect(run?.workflow_status).not.toBeNull();
  });

  it("counts as under way, to wake after a restart, only started runs not waiting for a person", async () => {
    // Given runs in every state
    const tenant = await createTenant();
    const ids = ["requested", "started", "drafting", "awaiting", "complete", "errored"].map(
      (name) => `${tenant}-${name}`,
    );
    await requestRun(
      tenant,
      ids.map((id) => runRequest(id)),
    );
    const agent = env.TENANT_AGENT.getByName(tenant);
    const underWay = await runInDurableObject(agent, (_a, state) => {
      const sql = state.storage.sql;
      const set = (id: string | undefined, status: string, step: string | null) =>
        sql.exec("UPDATE runs SET status = ?, step = ? WHERE run_id = ?", status, step, id ?? "");
      set(ids[1], "started", null);
      set(ids[2], "running", "draft article");
      set(ids[3], "running", APPROVAL_STEP);
      set(ids[4], "complete", "publish article");
      set(ids[5], "errored", "outline article");
      // When the agent asks which runs a crash could have stopped
      return runsUnderWay(sql, APPROVAL_STEP);
    });

    // Then those are the started one and the one mid-step, not the one awaiting approval
    expect(underWay.sort()).toEqual([ids[2], ids[1]].sort());
  });
});
