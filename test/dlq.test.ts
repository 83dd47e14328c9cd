import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { payloadFixtures } from "../events/fixtures";
import { redrive } from "../worker/queues/redrive";
import {
  api,
  createTenant,
  eventually,
  postJson,
  researchCompleted,
  uniqueTenant,
} from "./support/api";
import { deliverBatch, failingQueue } from "./support/queues";

type Letter = {
  id: string;
  queue: string;
  reason: string;
  attempts: number;
  event_id: string | null;
  type: string | null;
  tenant_id: string | null;
  body: unknown;
  first_seen: string;
  last_seen: string;
  waiting?: { reason: string; text: string; since: string };
};

async function deadLetters(query: string): Promise<Letter[]> {
  const response = await api(`/api/dlq?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { dead_letters: Letter[] }).dead_letters;
}

/** How often the tenant's event log holds this event (a cycle request sets off more). */
async function timesLogged(tenant: string, eventId: string): Promise<number> {
  const response = await api(`/api/events?tenant=${tenant}&type=cycle.requested&limit=500`);
  const body = (await response.json()) as { events: { event_id: string }[] };
  return body.events.filter((e) => e.event_id === eventId).length;
}

async function tenantState(id: string) {
  const body = (await (await api(`/api/tenants/${id}`)).json()) as {
    state: { applied: number; duplicates: number };
  };
  return body.state;
}

function cycleRequested(tenant: string) {
  return researchCompleted(tenant, {
    type: "cycle.requested",
    source: "catalog-service",
    payload: payloadFixtures["cycle.requested"],
  });
}

describe("dead letters", () => {
  it("stores a poison message once, with its reason, and never retries it", async () => {
    const tenant = uniqueTenant("poison");
    const poison = { event_id: crypto.randomUUID(), type: "research.completed", tenant_id: tenant };

    // When the events consumer receives it
    const result = await deliverBatch("events", [poison]);

    // Then it is acknowledged at once (never handed back for a retry) and stored once
    expect(result.retryMessages).toEqual([]);
    expect(result.explicitAcks).toEqual(["m-0"]);

    const letters = await eventually(
      () => deadLetters(`tenant=${tenant}`),
      (list) => list.length > 0,
    );
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      id: `events:${tenant}:${poison.event_id}`,
      queue: "events",
      attempts: 1,
      body: poison,
    });
    expect(letters[0]?.reason).toMatch(/^invalid message: source: /);
    // And the list says why it does not move: it waits for an operator
    expect(letters[0]?.waiting).toMatchObject({ reason: "dead_lettered" });
    expect(letters[0]?.waiting?.text).toMatch(
      /^Failed on events after 1 attempt \(invalid message: .*\); waits for an operator to redrive or delete it, and is kept until /,
    );
  });

  it("stores a message whose destination kept failing, with the last failure as its reason", async () => {
    const tenant = await createTenant();
    const command = researchCompleted(tenant, {
      type: "research.requested",
      source: "switchboard",
      payload: payloadFixtures["research.requested"],
    });
    // The sixth delivery of a message whose destination queue is still down.
    const result = await deliverBatch("events", [command], {
      bindings: { ...env, RESEARCH_COMMANDS_QUEUE: failingQueue("queue unavailable") },
      attempts: 6,
    });
    expect(result.explicitAcks).toEqual(["m-0"]);

    const [letter] = await eventually(
      () => deadLetters(`tenant=${tenant}`),
      (list) => list.length === 1,
    );
    expect(letter).toMatchObject({
      queue: "events",
      attempts: 6,
      reason: "retries exhausted after 6 attempts: queue unavailable",
      body: command,
    });
  });

  it("applies a redriven letter once after its fault is fixed, and skips a second redrive by dedup", async () => {
    // Given a command for a tenant that is not registered yet: it fails permanently.
    const tenant = uniqueTenant("late");
    const command = cycleRequested(tenant);
    await env.AGENT_COMMANDS_QUEUE.send(command);
    const [letter] = await eventually(
      () => deadLetters(`tenant=${tenant}`),
      (list) => list.length === 1,
    );
    expect(letter).toMatchObject({ queue: "agent-commands", type: "cycle.requested" });
    expect(letter?.reason).toMatch(/^unknown tenant /);

    // When the fault is fixed and the letter redriven,
    await createTenant(tenant);
    const response = await postJson("/api/dlq/redrive", { ids: [letter?.id] });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      redriven: [letter?.id],
      missing: [],
      failed: [],
      kept: [],
      refused: [],
    });

    // then it leaves the store and the agent applies it once.
    expect(await deadLetters(`tenant=${tenant}`)).toEqual([]);
    await eventually(
      () => timesLogged(tenant, command.event_id),
      (n) => n === 1,
    );

    // Given a stale copy that exhausted its retries lands in the store again,
    await deliverBatch("agent-commands-dlq", [command], { attempts: 6 });
    const [stale] = await deadLetters(`tenant=${tenant}`);
    expect(stale?.reason).toMatch(/^retries exhausted/);
    // when it is redriven too, then the agent skips it as a duplicate.
    const again = await postJson("/api/dlq/redrive", { filter: { tenant } });
    expect(((await again.json()) as { redriven: string[] }).redriven).toEqual([stale?.id]);
    const state = await eventually(
      () => tenantState(tenant),
      (s) => s.duplicates === 1,
    );
    expect(state.duplicates).toBe(1);
    expect(await timesLogged(tenant, command.event_id)).toBe(1);
  });

  it("redrives one letter by its id, and answers 404 with a problem once it is gone", async () => {
    // Given a letter for a tenant registered since
    const tenant = uniqueTenant("one");
    const command = cycleRequested(tenant);
    await deliverBatch("agent-commands-dlq", [command]);
    await createTenant(tenant);
    const id = `agent-commands:${tenant}:${command.event_id}`;

    // When it is redriven by itself, then it is sent, leaves the store and is applied once
    const response = await api(`/api/dlq/${id}/redrive`, { method: "POST" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ id, status: "redriven" });
    expect(await deadLetters(`tenant=${tenant}`)).toEqual([]);
    await eventually(
      () => timesLogged(tenant, command.event_id),
      (n) => n === 1,
    );

    // and asking again finds nothing to redrive.
    const again = await api(`/api/dlq/${id}/redrive`, { method: "POST" });
    expect(again.status).toBe(404);
    expect(again.headers.get("content-type")).toBe("application/problem+json");
  });

  it("lists letters newest first, filtered by queue, type and tenant, up to a limit", async () => {
    const tenant = uniqueTenant("list");
    const first = cycleRequested(tenant);
    const second = researchCompleted(tenant);
    await deliverBatch("agent-commands-dlq", [first]);
    // Not a race: the runtime's clock moves only across I/O and timers, so this timer is
    // what makes the second letter's time later than the first's, on any machine.
    await new Promise((r) => setTimeout(r, 5));
    await deliverBatch("events-dlq", [second]);

    const all = await deadLetters(`tenant=${tenant}`);
    expect(all.map((l) => l.event_id)).toEqual([second.event_id, first.event_id]);
    expect(
      (await deadLetters(`tenant=${tenant}&queue=agent-commands`)).map((l) => l.event_id),
    ).toEqual([first.event_id]);
    expect(
      (await deadLetters(`tenant=${tenant}&type=research.completed`)).map((l) => l.event_id),
    ).toEqual([second.event_id]);
    expect(await deadLetters(`tenant=${tenant}&limit=1`)).toHaveLength(1);
  });

  it("answers 400 for a filter that cannot match a queue", async () => {
    const response = await api("/api/dlq?queue=nope");
    expect(response.status).toBe(400);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
  });

  it("reports ids it does not hold instead of failing the redrive, however many are asked for", async () => {
    // More ids than one SQLite statement may bind (100).
    const ids = Array.from({ length: 250 }, (_, i) => `events:nothing-${i}`);
    const response = await postJson("/api/dlq/redrive", { ids });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      redriven: [],
      missing: ids,
      failed: [],
      kept: [],
      refused: [],
    });
  });

  it.each([
    [{}, ""],
    [{ ids: ["a"], filter: {} }, ""],
    [{ ids: [] }, "ids"],
    [{ ids: "a" }, "ids"],
    [{ filter: { queue: "nope" } }, "filter.queue"],
    [{ filter: { tenant: "Not Valid" } }, "filter.tenant"],
    [{ ids: ["a"], limit: 5 }, "limit"],
    [{ ids: ["a"], extra: 1 }, ""],
  ])("refuses the redrive body %j with 422 and the field's error", async (body, path) => {
    const response = await postJson("/api/dlq/redrive", body);
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = (await response.json()) as { errors: { path: string }[] };
    expect(problem.errors.map((e) => e.path)).toContain(path);
  });

  it("deletes a letter with 204, and answers 404 for one that is not there", async () => {
    const tenant = uniqueTenant("del");
    const body = researchCompleted(tenant);
    await deliverBatch("events-dlq", [body]);
    const id = `events:${tenant}:${body.event_id}`;

    expect((await api(`/api/dlq/${id}`, { method: "DELETE" })).status).toBe(204);
    expect(await deadLetters(`tenant=${tenant}`)).toEqual([]);
    const missing = await api(`/api/dlq/${id}`, { method: "DELETE" });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
  });

  it("keeps a letter whose queue refuses the redrive", async () => {
    const tenant = uniqueTenant("refused");
    const body = researchCompleted(tenant);
    await deliverBatch("events-dlq", [body]);

    const result = await redrive(
      { ...env, EVENTS_QUEUE: failingQueue("queue down") },
      { filter: { tenant }, limit: 10 },
    );

    expect(result).toEqual({
      redriven: [],
      missing: [],
      failed: [{ id: `events:${tenant}:${body.event_id}`, error: "queue down" }],
      kept: [],
      refused: [],
    });
    expect((await deadLetters(`tenant=${tenant}`)).map((l) => l.event_id)).toEqual([body.event_id]);
  });

  it("keeps a letter that was dead-lettered again while its redrive was being sent", async () => {
    const ops = env.OPS_AGENT.getByName("main");
    const tenant = uniqueTenant("again");
    const body = researchCompleted(tenant);
    await deliverBatch("events-dlq", [body]);
    const { letters } = await ops.deadLettersForRedrive({ filter: { tenant }, limit: 10 });
    const sent = letters.map((l) => ({ id: l.id, version: l.version }));

    // The redriven copy fails again and is stored before the redrive removes the old one.
    await deliverBatch("events-dlq", [body]);

    expect(await ops.removeRedriven(sent)).toEqual([]);
    const [letter] = await deadLetters(`tenant=${tenant}`);
    expect(letter?.attempts).toBe(2);
  });
});
