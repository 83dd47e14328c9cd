import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { evaluateRules } from "../agents/ops/alerts/evaluate";
import type { AlertEventBody } from "../agents/ops/alerts/events";
import { deliverDue, MAX_ATTEMPTS, type SendRequest } from "../agents/ops/alerts/outbox";
import { SIGNATURE_HEADER, verifySignature } from "../agents/ops/alerts/signing";
import { createWebhook } from "../agents/ops/alerts/webhooks";
import { deadLetterId } from "../agents/ops/dead-letters";
import type { OpsAgent } from "../agents/ops-agent";
import { emptyCounters, emptyMeter } from "../events/batch-report";
import { emptyHistogram, observe } from "../events/histogram";
import type { TenantCounters } from "../events/ops-state";
import { uniqueTenant } from "./support/api";

/**
 * Alert rules and their webhooks, on an OpsAgent of each test's own (so no other test's
 * letters or metrics move its rules), with the clock passed in: evaluations at T0,
 * T0 + 30 s, … whatever the wall clock says.
 */
// Far ahead of any wall clock, so the outbox's wakes (set at T0 + …) never fire mid-test.
const T0 = Date.parse("2100-03-01T12:00:00.000Z");
const S = 1000;
const BASE_MS = 10_000; // ALERT_RETRY_BASE_MS, as wrangler.jsonc sets it

const scratch = () => env.OPS_AGENT.getByName(`alerts-${crypto.randomUUID()}`);
type Ops = ReturnType<typeof scratch>;

function deadLetter(queue: string, tenant: string) {
  const eventId = crypto.randomUUID();
  return {
    id: deadLetterId(queue, tenant, eventId),
    queue,
    reason: "fault injected",
    attempts: 1,
    event_id: eventId,
    type: "publish.requested",
    tenant_id: tenant,
    body: "{}",
    seen_at: new Date(T0).toISOString(),
  };
}

function summary(runsFailed: number): TenantCounters {
  return {
    applied: 0,
    duplicates: 0,
    cycles: 0,
    decisions: 0,
    runs_started: runsFailed,
    runs_active: 0,
    runs_completed: 0,
    runs_failed: runsFailed,
    articles_published: 0,
    strategy_version: 1,
    last_cycle_at: null,
    last_error: null,
    updated_at: new Date().toISOString(),
  };
}

async function events(ops: Ops) {
  return (await ops.listAlerts()).events;
}

async function stateOf(ops: Ops, rule: string) {
  return (await ops.listAlerts()).rules.find((r) => r.id === rule)?.states ?? [];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("an alert rule", () => {
  it("fires once when dead letters pile up past it, then resolves once when they are gone", async () => {
    // Given a rule on the publish queue's letters, above 1
    const ops = scratch();
    const put = await ops.putAlertRule(
      "publish-dlq",
      {
        kind: "dead_letters_above",
        params: { queue: "publish-commands", above: 1 },
        enabled: true,
        for_seconds: 0,
      },
      T0,
    );
    expect(put).toMatchObject({ ok: true, created: true });
    const tenant = uniqueTenant("alerts");
    const letters = [
      deadLetter("publish-commands", tenant),
      deadLetter("publish-commands", tenant),
    ];

    // When one letter arrives, it is evaluated: nothing fires (1 is not above 1)
    await ops.recordDeadLetters([letters[0] as (typeof letters)[0]]);
    expect(await ops.evaluateAlerts(undefined, T0)).toBe(0);

    // When a second arrives, it fires, and evaluating again fires nothing more
    await ops.recordDeadLetters([letters[1] as (typeof letters)[0]]);
    expect(await ops.evaluateAlerts(undefined, T0 + 30 * S)).toBe(1);
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * S)).toBe(0);
    expect(await stateOf(ops, "publish-dlq")).toMatchObject([
      { tenant_id: null, status: "firing", since: new Date(T0 + 30 * S).toISOString(), value: 2 },
    ]);

    // When the operator deletes one, it resolves once
    await ops.deleteDeadLetter(letters[0]?.id ?? "");
    expect(await ops.evaluateAlerts(undefined, T0 + 90 * S)).toBe(1);
    expect(await ops.evaluateAlerts(undefined, T0 + 120 * S)).toBe(0);

    // Then the events say so, newest first
    expect((await events(ops)).map((e) => [e.type, e.value, e.summary])).toEqual([
      ["alert.resolved", 1, "1 dead letters waiting from publish-commands (alert above 1)"],
      ["alert.firing", 2, "2 dead letters waiting from publish-commands (alert above 1)"],
    ]);
    expect(await stateOf(ops, "publish-dlq")).toMatchObject([
      { status: "ok", since: new Date(T0 + 90 * S).toISOString(), value: 1 },
    ]);
  });

  it("with `for_seconds`, fires only once the condition has held that long", async () => {
    const ops = scratch();
    await ops.putAlertRule(
      "any-dlq",
      { kind: "dead_letters_above", params: { above: 0 }, enabled: true, for_seconds: 60 },
      T0,
    );
    await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);

    expect(await ops.evaluateAlerts(undefined, T0)).toBe(0);
    expect(await stateOf(ops, "any-dlq")).toMatchObject([
      { status: "ok", breaching_since: new Date(T0).toISOString() },
    ]);
    expect(await ops.evaluateAlerts(undefined, T0 + 30 * S)).toBe(0);
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({ type: "alert.firing", value: 1 });
  });

  it("counts failed runs per tenant over the last hour, firing and resolving each tenant apart", async () => {
    // Given a per-tenant rule: more than 2 failed runs in an hour
    const ops = scratch();
    await ops.putAlertRule(
      "failing-runs",
      { kind: "failed_runs_per_hour", params: { above: 2 }, enabled: true, for_seconds: 0 },
      T0,
    );
    const [busy, calm] = [uniqueTenant("busy"), uniqueTenant("calm")];

    // When one tenant's summaries report 3 failures within ten minutes, the other's 1
    await ops.recordSummary(busy, summary(1), [], T0);
    await ops.recordSummary(busy, summary(3), [], T0 + 10 * 60 * S);
    await ops.recordSummary(calm, summary(1), [], T0 + 10 * 60 * S);
    // (a late, older summary counts nothing twice)
    await ops.recordSummary(busy, summary(2), [], T0 + 11 * 60 * S);

    // Then only the busy tenant fires
    expect(await ops.evaluateAlerts(undefined, T0 + 15 * 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({
      type: "alert.firing",
      tenant_id: busy,
      value: 3,
      summary: `3 failed runs in the last hour for ${busy} (alert above 2)`,
    });

    // And an hour after its first failure only two are left in the window: it resolves
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({
      type: "alert.resolved",
      tenant_id: busy,
      value: 2,
    });
    expect(await stateOf(ops, "failing-runs")).toMatchObject([{ tenant_id: busy, status: "ok" }]);
  });

  it("fires when a queue's handler p99 over the last minutes is above the time", async () => {
    const ops = scratch();
    const queue = `q-${crypto.randomUUID().slice(0, 8)}`;
    await ops.putAlertRule(
      "slow-handler",
      {
        kind: "p99_above",
        params: { queue, latency: "handler", above_ms: 300, minutes: 5 },
        enabled: true,
        for_seconds: 0,
      },
      T0,
    );
    const report = (ms: number) => {
      const handler = emptyHistogram();
      observe(handler, ms);
      return {
        queue,
        counters: { ...emptyCounters(), delivered: 1, acked: 1 },
        elsewhere: [],
        handler_ms: handler,
        wait_ms: emptyHistogram(),
        meter: emptyMeter(),
        rule_hits: [],
      };
    };
    // Given a batch that took 2 s at T0
    await ops.recordMetrics({ reports: [report(2000)], meter: emptyMeter(), tenants: [] }, T0);

    // Then it fires, and resolves once the slow batch is older than the 5 minutes
    expect(await ops.evaluateAlerts(undefined, T0 + 30 * S)).toBe(1);
    expect((await events(ops))[0]?.summary).toMatch(new RegExp(`^${queue} handler p99 \\d+ ms`));
    await ops.recordMetrics(
      { reports: [report(3)], meter: emptyMeter(), tenants: [] },
      T0 + 6 * 60 * S,
    );
    expect(await ops.evaluateAlerts(undefined, T0 + 6 * 60 * S)).toBe(1);
    expect((await events(ops))[0]).toMatchObject({ type: "alert.resolved" });
  });

  it("resolves what it has firing when it is disabled", async () => {
    const ops = scratch();
    const rule = { kind: "dead_letters_above", params: { above: 0 }, for_seconds: 0 } as const;
    await ops.putAlertRule("any", { ...rule, enabled: true }, T0);
    await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);
    await ops.evaluateAlerts(undefined, T0);

    await ops.putAlertRule("any", { ...rule, enabled: false }, T0 + 30 * S);

    expect((await events(ops)).map((e) => [e.type, e.summary])).toEqual([
      ["alert.resolved", "resolved: the rule any was disabled"],
      ["alert.firing", "1 dead letters waiting (alert above 0)"],
    ]);
    expect(await ops.evaluateAlerts(undefined, T0 + 60 * S)).toBe(0);
  });

  it("is evaluated on an interval schedule while there are rules, and on none without", async () => {
    const ops = scratch();
    const evaluations = () =>
      runInDurableObject(ops, async (agent: OpsAgent) =>
        (await agent.listSchedules()).filter((s) => s.callback === "evaluateAlerts"),
      );
    await ops.putAlertRule("a", {
      kind: "dead_letters_above",
      params: { above: 9 },
      enabled: true,
      for_seconds: 0,
    });
    await ops.putAlertRule("b", {
      kind: "dead_letters_above",
      params: { above: 9 },
      enabled: true,
      for_seconds: 0,
    });
    expect(await evaluations()).toMatchObject([{ type: "interval", intervalSeconds: 30 }]);

    await ops.deleteAlertRule("a");
    await ops.deleteAlertRule("b");
    expect(await evaluations()).toEqual([]);
  });
});

/** Webhooks added straight to the agent's tables; answered with their secrets. */
function addWebhooks(ops: Ops, urls: string[]) {
  return runInDurableObject(ops, (_agent, state) =>
    urls.map((url) => createWebhook(state.storage.sql, url, new Date(T0).toISOString())),
  );
}

/**
 * Fires a rule at T0 and stores its event in the outbox without sending it (the sender
 * is the test's): what `evaluateAlerts` does before it sends.
 */
async function fireOnce(ops: Ops): Promise<void> {
  await ops.putAlertRule(
    "any",
    { kind: "dead_letters_above", params: { above: 0 }, enabled: true, for_seconds: 0 },
    T0,
  );
  await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);
  await runInDurableObject(ops, (_agent, state) =>
    state.storage.transactionSync(() => evaluateRules(state.storage.sql, T0)),
  );
}

describe("the delivery outbox", () => {
  it("delivers each event signed, retries a failing endpoint with backoff and dead-letters it after the last attempt", async () => {
    // Given a webhook that always answers 500, and a rule that fires
    const ops = scratch();
    const [hook] = await addWebhooks(ops, ["https://receiver.test/hook"]);
    const sent: { at: number; request: SendRequest }[] = [];
    let now = T0;
    const failing = async (request: SendRequest) => {
      sent.push({ at: now, request });
      return { status: 500, detail: "receiver down" };
    };
    await fireOnce(ops);

    // When the outbox runs each time the next attempt is due
    await runInDurableObject(ops, async (_agent, state) => {
      for (let pass = 0; pass < MAX_ATTEMPTS; pass++) {
        const result = await deliverDue(state.storage.sql, failing, now, BASE_MS);
        if (result.nextDueMs === null) break;
        now = result.nextDueMs;
      }
    });

    // Then it was tried MAX_ATTEMPTS times, the waits doubling from the base
    expect(sent.length).toBe(MAX_ATTEMPTS);
    const waits = sent.slice(1).map((s, i) => s.at - (sent[i]?.at ?? 0));
    expect(waits).toEqual([10, 20, 40, 80, 160, 320, 600].map((s) => s * S));

    // And every attempt carried the same body and event id, signed with the secret
    const first = sent[0]?.request;
    const body = JSON.parse(first?.body ?? "{}") as AlertEventBody;
    expect(body).toMatchObject({
      type: "alert.firing",
      rule: { id: "any" },
      value: 1,
      threshold: 0,
    });
    for (const { at, request } of sent) {
      expect(request.body).toBe(first?.body);
      expect(request.headers["x-switchboard-event-id"]).toBe(body.id);
      const signature = request.headers[SIGNATURE_HEADER] ?? "";
      expect(signature).toMatch(new RegExp(`^t=${Math.floor(at / 1000)},v1=[0-9a-f]{64}$`));
      expect(
        await verifySignature(hook?.secret ?? "", request.body, signature, Math.floor(at / 1000)),
      ).toBe(true);
    }

    // And the delivery is dead, with its last error, until the operator redrives it
    const dead = await ops.listAlertDeliveries({ status: "dead", limit: 10 });
    expect(dead).toMatchObject([
      {
        event_id: body.id,
        attempts: MAX_ATTEMPTS,
        last_status: 500,
        last_error: "HTTP 500: receiver down",
      },
    ]);
    expect(await ops.redriveAlertDelivery(dead[0]?.id ?? 0, now)).toBe("redriven");
    expect(await ops.listAlertDeliveries({ status: "pending", limit: 10 })).toMatchObject([
      { id: dead[0]?.id, attempts: 0 },
    ]);
    const delivered = await runInDurableObject(ops, (_agent, state) =>
      deliverDue(state.storage.sql, async () => ({ status: 204 }), now + S, BASE_MS),
    );
    expect(delivered).toMatchObject({ delivered: 1, nextDueMs: null });
  });

  it("delivers to a healthy endpoint while another one fails", async () => {
    const ops = scratch();
    // Given two webhooks, one of them down, and a rule that fired
    await addWebhooks(ops, ["https://down.test/hook", "https://up.test/hook"]);
    await fireOnce(ops);

    // When the outbox runs
    await runInDurableObject(ops, async (_agent, state) => {
      const result = await deliverDue(
        state.storage.sql,
        async ({ url }) => {
          if (url.startsWith("https://down.test")) throw new Error("connection refused");
          return { status: 200 };
        },
        T0,
        BASE_MS,
      );
      expect(result).toMatchObject({ delivered: 1, retrying: 1, nextDueMs: T0 + BASE_MS });
    });

    // Then the healthy endpoint has its event; the other waits for its retry
    expect(await ops.listAlertDeliveries({ limit: 10 })).toMatchObject([
      { url: "https://up.test/hook", status: "delivered", attempts: 1 },
      {
        url: "https://down.test/hook",
        status: "pending",
        attempts: 1,
        last_error: "Error: connection refused",
      },
    ]);
  });

  it("sends with fetch from the agent's own schedule, and retries an endpoint that answered 500", async () => {
    // Given the endpoint answering 500, then 200
    const ops = scratch();
    // (recorded as plain values: a Request made in the agent cannot be read from the test)
    const calls: { url: string; method: string; headers: Headers; body: string }[] = [];
    vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
      calls.push({
        url: String(input),
        method: init?.method ?? "GET",
        headers: new Headers(init?.headers),
        body: typeof init?.body === "string" ? init.body : "",
      });
      return new Response(calls.length === 1 ? "busy" : "ok", {
        status: calls.length === 1 ? 500 : 200,
      });
    });
    const created = await ops.createAlertWebhook("https://receiver.test/alerts");
    await ops.putAlertRule(
      "any",
      { kind: "dead_letters_above", params: { above: 0 }, enabled: true, for_seconds: 0 },
      T0,
    );
    await ops.recordDeadLetters([deadLetter("events", uniqueTenant("alerts"))]);

    // When the rule fires: sent at once, refused, and the outbox's wake is set
    expect(await ops.evaluateAlerts(undefined, T0)).toBe(1);
    expect(calls.length).toBe(1);
    const wakes = await runInDurableObject(ops, async (agent: OpsAgent) =>
      (await agent.listSchedules()).filter((s) => s.callback === "deliverAlerts"),
    );
    expect(wakes.length).toBe(1);

    // And when the wake comes, the retry is delivered
    expect(await ops.deliverAlerts(undefined, T0 + BASE_MS)).toMatchObject({ delivered: 1 });
    expect(calls.length).toBe(2);
    const request = calls[1] ?? calls[0];
    const body = request?.body ?? "";
    expect(request).toMatchObject({ url: "https://receiver.test/alerts", method: "POST" });
    expect(request?.headers.get("x-switchboard-delivery-attempt")).toBe("2");
    expect(
      await verifySignature(
        created?.secret ?? "",
        body,
        request?.headers.get(SIGNATURE_HEADER) ?? "",
        Math.floor((T0 + BASE_MS) / 1000),
      ),
    ).toBe(true);
  });
});
