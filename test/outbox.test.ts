import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage } from "../events";
import { addToOutbox, flushOutbox, pendingCount, pruneSentOutbox } from "../platform/sqlite/outbox";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";
import { failingQueue, heldQueue } from "./support/queues";

function command(tenant: string) {
  return createMessage(
    "research.requested",
    { keywords: ["budget apps"] },
    { tenant_id: tenant, source: "switchboard" },
  );
}

describe("the outbox", () => {
  it("keeps messages whose send failed, and sends them on the next flush", async () => {
    const tenant = uniqueTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await runInDurableObject(stub, async (_agent, state) => {
      const sql = state.storage.sql;
      const message = command(tenant);
      state.storage.transactionSync(() => addToOutbox(sql, message, 1));

      const failed = await flushOutbox(sql, () => Promise.reject(new Error("queue down")), 2);
      expect(failed).toMatchObject({ sent: 0, pending: 1 });

      const delivered: string[] = [];
      const ok = await flushOutbox(
        sql,
        async (bodies) => {
          delivered.push(...bodies.map((b) => b.event_id));
        },
        3,
      );
      expect(ok).toEqual({ sent: 1, pending: 0 });
      expect(delivered).toEqual([message.event_id]);
    });
  });

  it("sends each message once when flushed twice", async () => {
    const tenant = uniqueTenant();
    await runInDurableObject(env.TENANT_AGENT.getByName(tenant), async (_agent, state) => {
      const sql = state.storage.sql;
      addToOutbox(sql, command(tenant), 1);
      let sends = 0;
      const send = async (bodies: unknown[]) => {
        sends += bodies.length;
      };
      await flushOutbox(sql, send, 2);
      await flushOutbox(sql, send, 3);
      expect(sends).toBe(1);
    });
  });

  it("prunes sent rows past retention and never unsent ones", async () => {
    const tenant = uniqueTenant();
    await runInDurableObject(env.TENANT_AGENT.getByName(tenant), async (_agent, state) => {
      const sql = state.storage.sql;
      addToOutbox(sql, command(tenant), 1);
      await flushOutbox(sql, async () => {}, 10);
      addToOutbox(sql, command(tenant), 11);
      expect(pruneSentOutbox(sql, 100)).toBeGreaterThan(0);
      expect(pendingCount(sql)).toBe(1);
    });
  });

  it("is flushed by the tenant agent to the events queue", async () => {
    const tenant = uniqueTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    await runInDurableObject(stub, (_agent, state) =>
      addToOutbox(state.storage.sql, command(tenant), Date.now()),
    );
    expect(await stub.flushOutbox()).toMatchObject({ sent: 1, pending: 0 });
  });

  it("delivers a message whose send failed after the state change, once, when the next flush succeeds", async () => {
    const tenant = await createTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    const event = createMessage(
      "research.completed",
      { research_ids: ["r-9"], keywords_researched: 1 },
      { tenant_id: tenant, source: "research" },
    );

    // Given a state change committed with its message in the outbox while the queue is down,
    await runInDurableObject(stub, async (agent, state) => {
      state.storage.transactionSync(() => addToOutbox(state.storage.sql, event, Date.now()));
      const realEnv: unknown = Reflect.get(agent, "env");
      // The agent sends through this.env.EVENTS_QUEUE; swap in one that is down.
      Reflect.set(agent, "env", { ...(realEnv as Env), EVENTS_QUEUE: failingQueue() });
      try {
        expect(await agent.flushOutbox()).toMatchObject({ sent: 0, pending: 1 });
        expect(await agent.flushOutbox()).toMatchObject({ sent: 0, pending: 1 });
        // two failed flushes leave one retry waiting, not two.
        const retries = (await agent.listSchedules({ type: "delayed" })).filter(
          (s) => s.callback === "flushOutbox",
        );
        expect(retries).toHaveLength(1);
        // and the operator is told why it waits: the error, and how often it was tried.
        const status = await agent.pendingWork();
        expect(status.waiting).toMatchObject({ reason: "send_failed" });
        expect(status.waiting?.text).toMatch(
          /^1 message not sent since .*: the last try failed \(.*\) after 2 tries/,
        );
      } finally {
        Reflect.set(agent, "env", realEnv);
      }
    });

    // when the next flush finds the queue back,
    expect(await stub.flushOutbox()).toMatchObject({ sent: 1, pending: 0 });

    // then the message travels the events queue and the fan-out, and the agent applies it once.
    const log = await eventually(
      async () =>
        (await (await api(`/api/events?tenant=${tenant}`)).json()) as {
          events: { event_id: string }[];
        },
      (body) => body.events.length > 0,
    );
    expect(log.events.map((e) => e.event_id)).toEqual([event.event_id]);
    expect(await stub.flushOutbox()).toEqual({ sent: 0, pending: 0 });
  });

  it("shows operators how many messages the agent has not sent yet", async () => {
    const tenant = await createTenant();
    const stub = env.TENANT_AGENT.getByName(tenant);
    const pending = async () =>
      (await (await api(`/api/tenants/${tenant}/outbox`)).json()) as {
        pending: number;
        runs_to_start: number;
        attempts: number;
        waiting: { reason: string } | null;
      };
    // Given a committed message the agent has not flushed yet,
    await runInDurableObject(stub, (_agent, state) =>
      addToOutbox(state.storage.sql, command(tenant), Date.now()),
    );
    // then the operator sees it waiting, and why: its first try is due,
    expect(await pending()).toMatchObject({
      pending: 1,
      runs_to_start: 0,
      attempts: 0,
      waiting: { reason: "sending" },
    });
    // and nothing once it is sent.
    await stub.flushOutbox();
    expect(await pending()).toMatchObject({ pending: 0, runs_to_start: 0, waiting: null });
  });

  it("keeps a schedule that sends a decision's messages should the agent die while sending them", async () => {
    const tenant = await createTenant();
    await runInDurableObject(env.TENANT_AGENT.getByName(tenant), async (agent, state) => {
      const realEnv: unknown = Reflect.get(agent, "env");
      const held = heldQueue();
      Reflect.set(agent, "env", { ...(realEnv as Env), EVENTS_QUEUE: held.queue });
      try {
        // Given a cycle whose decision has committed and whose messages are on their way
        const cycle = agent.requestCycle("test");
        await held.sending;

        // Then, were the process to die now, the messages wait in the outbox
        expect(pendingCount(state.storage.sql)).toBeGreaterThan(0);
        // and a schedule (an alarm, on disk) is already there to send them.
        const backstop = (await agent.listSchedules({ type: "delayed" })).filter(
          (s) => s.callback === "sendPending",
        );
        expect(backstop).toHaveLength(1);
        held.release();
        await cycle;
      } finally {
        Reflect.set(agent, "env", realEnv);
      }
      // When that schedule runs after a restart, nothing is left unsent.
      await agent.sendPending();
      expect(pendingCount(state.storage.sql)).toBe(0);
    });
  });
});
