import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import { uniqueTenant } from "./support/api";
import { outboxTypes } from "./support/queue";

const article = {
  content_id: "c-1",
  run_id: "run-1",
  keyword: "winter tyres",
  title: "Winter Tyres",
  slug: "winter-tyres",
  markdown: "# Winter Tyres\n\nText.\n",
  summary: "Text.",
  word_count: 3,
  correlation_id: "cycle-1",
  cause_id: null,
};

async function agentOf(tenant: string) {
  return getAgentByName(env.TENANT_AGENT, tenant);
}

describe("a tenant's articles", () => {
  it("are stored once per content id, however often a run's step retries", async () => {
    const agent = await agentOf(uniqueTenant("art"));
    expect(await agent.storeArticle(article)).toEqual({ content_id: "c-1", stored: true });
    expect(await agent.storeArticle({ ...article, title: "Changed" })).toEqual({
      content_id: "c-1",
      stored: false,
    });
    expect((await agent.getArticle("c-1"))?.title).toBe("Winter Tyres");
  });

  it("are announced and sent for publishing once, in the cycle's correlation", async () => {
    const tenant = uniqueTenant("art");
    const agent = await agentOf(tenant);
    await agent.storeArticle(article);

    expect(
      await agent.recordContentReady({ content_id: "c-1", run_id: "run-1", approval: null }),
    ).toEqual({ content_id: "c-1", emitted: 2 });
    expect(
      await agent.recordContentReady({ content_id: "c-1", run_id: "run-1", approval: null }),
    ).toEqual({ content_id: "c-1", emitted: 0 });

    expect(await outboxTypes(agent)).toEqual(["content.ready", "content.publish"]);
    const bodies = await runInDurableObject(agent, (_a, state) =>
      state.storage.sql
        .exec<{ body: string }>("SELECT body FROM outbox ORDER BY seq")
        .toArray()
        .map(
          (r) =>
            JSON.parse(r.body) as {
              event_id: string;
              correlation_id?: string;
              causation_id?: string;
            },
        ),
    );
    expect(bodies.map((b) => b.correlation_id)).toEqual(["cycle-1", "cycle-1"]);
    expect(bodies[1]?.causation_id).toBe(bodies[0]?.event_id);
  });

  it("are replaced by a later run's rewrite, which is announced again", async () => {
    const tenant = uniqueTenant("art");
    const agent = await agentOf(tenant);
    await agent.storeArticle(article);
    await agent.recordContentReady({ content_id: "c-1", run_id: "run-1", approval: null });

    const rewrite = { ...article, run_id: "run-2", title: "Winter Tyres, Revised" };
    expect(await agent.storeArticle(rewrite)).toEqual({ content_id: "c-1", stored: true });
    expect((await agent.getArticle("c-1"))?.status).toBe("stored");
    // The earlier run cannot announce the article a later run replaced.
    expect(
      await agent.recordContentReady({ content_id: "c-1", run_id: "run-1", approval: null }),
    ).toEqual({ content_id: "c-1", emitted: 0 });
    expect(
      await agent.recordContentReady({ content_id: "c-1", run_id: "run-2", approval: null }),
    ).toEqual({ content_id: "c-1", emitted: 2 });
    expect((await agent.getArticle("c-1"))?.title).toBe("Winter Tyres, Revised");
  });

  it("record a run's failure once, however often it is reported", async () => {
    const agent = await agentOf(uniqueTenant("art"));
    const failure = {
      run_id: "run-1",
      step: "draft article",
      reason: "provider refused",
      keyword: "winter tyres",
      content_id: "c-1",
      correlation_id: null,
      cause_id: null,
    };
    expect(await agent.recordRunFailed(failure)).toEqual({ emitted: true });
    expect(await agent.recordRunFailed(failure)).toEqual({ emitted: false });
    expect(await outboxTypes(agent)).toEqual(["workflow.failed"]);
  });
});
