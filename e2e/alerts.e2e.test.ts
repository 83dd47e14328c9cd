import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  LIVE_TIMEOUT_MS,
  QUIET_STRATEGY,
  screenshot,
  startSession,
  waitForContent,
} from "./session";

/**
 * Alerts end to end: a rule fires when dead letters arrive, its event reaches a local
 * receiver signed, the receiver's first 500 is retried, and the console shows it all.
 * Rules are evaluated every second and retries start at 100 ms, so this takes seconds.
 */
const session = startSession({
  vars: { ALERT_EVALUATE_SECONDS: "1", ALERT_RETRY_BASE_MS: "100" },
});

type Received = { headers: IncomingHttpHeaders; body: string; answered: number };

/** A webhook receiver on localhost: 500 to the very first delivery, 200 to every other. */
function startReceiver(): Promise<{ server: Server; url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => {
      body += chunk;
    });
    request.on("end", () => {
      const answered = received.length === 0 ? 500 : 200;
      received.push({ headers: request.headers, body, answered });
      response.writeHead(answered).end(answered === 200 ? "ok" : "try later");
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: `http://127.0.0.1:${port}/alerts`, received });
    });
  });
}

/** A port nothing listens on: every delivery there fails (connection refused). */
function closedPortUrl(): Promise<string> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(`http://127.0.0.1:${port}/down`));
    });
  });
}

async function until<T>(probe: () => Promise<T> | T, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + LIVE_TIMEOUT_MS * 2;
  for (;;) {
    const value = await probe();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

function verifies(secret: string, body: string, header: string | undefined): boolean {
  const [t, v1] = (header ?? "").split(",").map((part) => part.split("=")[1] ?? "");
  const expected = createHmac("sha256", secret).update(`${t}.${body}`).digest("hex");
  return v1 === expected && Math.abs(Date.now() / 1000 - Number(t)) < 300;
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(() => new Promise<void>((resolve) => receiver.server.close(() => resolve())));

describe("alerts", () => {
  it("deliver a firing and its resolving to a local receiver, signed and retried, and show it in the console", async () => {
    // Given two webhooks: the receiver, and an endpoint that is down
    const created = await session.api("/api/alerts/webhooks", { body: { url: receiver.url } });
    expect(created.status).toBe(201);
    const { secret } = (await created.json()) as { secret: string };
    const down = await session.api("/api/alerts/webhooks", {
      body: { url: await closedPortUrl() },
    });
    expect(down.status).toBe(201);

    // And a rule: any dead letter on the research queue
    const rule = await session.api("/api/alerts/rules/research-dead-letters", {
      method: "PUT",
      body: { kind: "dead_letters_above", params: { queue: "research-commands", above: 0 } },
    });
    expect(rule.status).toBe(201);

    // When the research service fails for good for a tenant, and its cycle asks for research
    const tenant = await session.createTenant("Alert Brand", QUIET_STRATEGY);
    const fault = await session.api("/api/services/research/faults", {
      method: "PUT",
      body: { fail_rate: 1, permanent: true, tenant },
    });
    expect(fault.status).toBe(200);
    expect((await session.api(`/api/tenants/${tenant}/cycle`, { method: "POST" })).status).toBe(
      202,
    );

    // Then the receiver gets the firing twice: refused with 500, then taken on the retry
    const firing = await until(
      () => receiver.received,
      (r) => r.length >= 2,
    );
    const [first, second] = firing as [Received, Received];
    expect([first.answered, second.answered]).toEqual([500, 200]);
    expect(second.headers["x-switchboard-event-id"]).toBe(first.headers["x-switchboard-event-id"]);
    expect([
      first.headers["x-switchboard-delivery-attempt"],
      second.headers["x-switchboard-delivery-attempt"],
    ]).toEqual(["1", "2"]);
    expect(second.body).toBe(first.body);
    expect(JSON.parse(second.body)).toMatchObject({
      type: "alert.firing",
      rule: { id: "research-dead-letters", kind: "dead_letters_above" },
      value: 1,
      threshold: 0,
    });
    // And each delivery's signature verifies with the secret (plain node:crypto HMAC)
    for (const delivery of firing) {
      expect(
        verifies(secret, delivery.body, delivery.headers["x-switchboard-signature"] as string),
      ).toBe(true);
    }
    await session.api("/api/services/research/faults", { method: "DELETE" });

    // When the operator deletes the dead letter, the rule resolves, and that is delivered too
    const letters = (await (await session.api(`/api/dlq?tenant=${tenant}`)).json()) as {
      dead_letters: { id: string }[];
    };
    for (const letter of letters.dead_letters) {
      await session.api(`/api/dlq/${encodeURIComponent(letter.id)}`, { method: "DELETE" });
    }
    const events = await until(
      () => receiver.received.map((r) => JSON.parse(r.body) as { id: string; type: string }),
      (all) => all.some((e) => e.type === "alert.resolved"),
    );
    // (one resolving: receivers dedupe deliveries on the event id)
    const resolvings = new Set(events.filter((e) => e.type === "alert.resolved").map((e) => e.id));
    expect(resolvings.size).toBe(1);

    // And the console shows the rule, its events, the delivered and the dead deliveries
    const { page } = await session.newPage("alerts");
    await session.open(page, "/alerts");
    await waitForContent(page, "alert-rule", "research-dead-letters");
    await waitForContent(page, "alert-event", "firing");
    await waitForContent(page, "alert-event", "resolved");
    // (the endpoint that is down runs out of attempts within seconds: 100 ms doubling)
    await page.getByRole("combobox", { name: "Status" }).selectOption("dead");
    await page
      .getByTestId("alert-delivery")
      .first()
      .waitFor({ timeout: LIVE_TIMEOUT_MS * 2 });
    expect(await page.getByTestId("alert-delivery-error").first().textContent()).toMatch(
      /fetch failed|refused|connect|network/i,
    );
    await screenshot(page, "alerts");

    // When the operator redrives a dead delivery, it is pending again
    await page.getByRole("button", { name: "Redrive" }).first().click();
    await waitForContent(page, "alerts-status", "redriven");
    await page.close();
  });
});
