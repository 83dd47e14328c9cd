import {
  createExecutionContext,
  createMessageBatch,
  getQueueResult,
  runInDurableObject,
} from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage } from "../../events";
import { api, eventually, uniqueTenant } from "../../test/support/api";
import { heldQueue } from "../../test/support/queues";
import { keywordMetrics, researchId } from "./metrics";
import research from "./worker";

function command(tenant: string, keywords: string[]) {
  return createMessage(
    "research.requested",
    { keywords },
    { tenant_id: tenant, source: "tenant-agent", correlation_id: "chain-r" },
  );
}

async function consume(bodies: unknown[]) {
  const batch = createMessageBatch(
    "research-commands",
    bodies.map((body, i) => ({ id: `m-${i}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  // The research service's own Worker, as deployed (services/research/wrangler.jsonc).
  await research.queue?.(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** The research.completed messages the shard has put in its outbox. */
function completions(tenant: string) {
  return runInDurableObject(env.RESEARCH_SERVICE.getByName(tenant), (_s, state) =>
    state.storage.sql
      .exec<{ body: string }>(
        "SELECT body FROM outbox WHERE type = 'research.completed' ORDER BY seq",
      )
      .toArray()
      .map(
        (row) =>
          JSON.parse(row.body) as {
            causation_id: string;
            correlation_id: string;
            payload: { research_ids: string[] };
          },
      ),
  );
}

describe("the research service", () => {
  it("researches each keyword of a command and answers with research.completed in the same chain", async () => {
    const tenant = uniqueTenant();
    const request = command(tenant, ["budget apps", "crypto tax"]);

    const result = await consume([request]);

    expect(result.explicitAcks).toEqual(["m-0"]);
    const [completed] = await completions(tenant);
    expect(completed).toMatchObject({
      correlation_id: "chain-r",
      causation_id: request.event_id,
      payload: {
        research_ids: [researchId(tenant, "budget apps"), researchId(tenant, "crypto tax")],
        keywords_researched: 2,
      },
    });
  });

  it("serves a result by id on its read API, with the keyword's metrics", async () => {
    const tenant = uniqueTenant();
    await consume([command(tenant, ["Budget Apps"])]);

    const response = await api(`/services/research/${researchId(tenant, "budget apps")}`);

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      research_id: researchId(tenant, "budget apps"),
      tenant_id: tenant,
      keyword: "Budget Apps",
      ...keywordMetrics("budget apps"),
    });
  });

  it("answers 404 for research it does not have", async () => {
    expect((await api(`/services/research/${researchId(uniqueTenant(), "nothing")}`)).status).toBe(
      404,
    );
    expect((await api("/services/research/not-an-id")).status).toBe(404);
  });

  it("researches a command delivered twice once, and a keyword asked twice keeps its id", async () => {
    const tenant = uniqueTenant();
    const request = command(tenant, ["budget apps"]);
    await consume([request, request]);
    await consume([command(tenant, ["BUDGET apps"])]);

    const sent = await completions(tenant);
    expect(sent).toHaveLength(2);
    expect(sent[0]?.payload.research_ids).toEqual(sent[1]?.payload.research_ids);
    const rows = await runInDurableObject(
      env.RESEARCH_SERVICE.getByName(tenant),
      (_s, state) =>
        state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM research").one().n,
    );
    expect(rows).toBe(1);
  });

  it("sends its results to the events queue through its outbox", async () => {
    const tenant = uniqueTenant();
    await consume([command(tenant, ["budget apps"])]);
    const pending = await runInDurableObject(
      env.RESEARCH_SERVICE.getByName(tenant),
      (_s, state) =>
        state.storage.sql
          .exec<{ n: number }>("SELECT COUNT(*) AS n FROM outbox WHERE sent_at IS NULL")
          .one().n,
    );
    expect(pending).toBe(0);
  });

  it("keeps an alarm that sends its answer should it die while sending it", async () => {
    const tenant = uniqueTenant();
    await runInDurableObject(env.RESEARCH_SERVICE.getByName(tenant), async (service, state) => {
      const realEnv: unknown = Reflect.get(service, "env");
      const held = heldQueue();
      Reflect.set(service, "env", { ...(realEnv as Env), EVENTS_QUEUE: held.queue });
      try {
        // Given research committed with its answer in the outbox, the answer on its way
        const researching = service.research([command(tenant, ["budget apps"])]);
        await held.sending;
        // Then, were the process to die now, an alarm (on disk) is set to send it.
        expect(await state.storage.getAlarm()).not.toBeNull();
        held.release();
        await researching;
      } finally {
        Reflect.set(service, "env", realEnv);
      }
    });
  });

  it("dead-letters a message that is not a research command at once, with the reason", async () => {
    const tenant = uniqueTenant();
    const wrong = createMessage(
      "cycle.requested",
      { reason: "misrouted" },
      { tenant_id: tenant, source: "test" },
    );
    const result = await consume([wrong]);
    expect(result.explicitAcks).toEqual(["m-0"]);
    expect(result.retryMessages).toEqual([]);
    const letters = await eventually(
      () => env.OPS_AGENT.getByName("main").listDeadLetters({ limit: 500 }),
      (list) => list.some((l) => l.event_id === wrong.event_id),
    );
    expect(letters.find((l) => l.event_id === wrong.event_id)).toMatchObject({
      queue: "research-commands",
      reason: "research-commands does not take cycle.requested (it takes research.requested)",
    });
  });
});
