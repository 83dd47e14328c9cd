import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AlertEventBody } from "../agents/ops/alerts/events";
import { deliverDue, MAX_ATTEMPTS, type SendRequest } from "../agents/ops/alerts/outbox";
import { SIGNATURE_HEADER, verifySignature } from "../agents/ops/alerts/signing";
import type { OpsAgent } from "../agents/ops-agent";
import { addWebhooks, BASE_MS, deadLetter, fireOnce, S, scratch, T0 } from "./support/alerts";
import { uniqueTenant } from "./support/api";

// The alert webhooks' delivery outbox (helpers in support/alerts.ts).

afterEach(() => {
  vi.restoreAllMocks();
});

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
