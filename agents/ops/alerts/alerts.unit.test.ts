import { describe, expect, it } from "vitest";
import { AlertRuleInput } from "./kinds";
import { MAX_ATTEMPTS, MAX_RETRY_DELAY_MS, retryDelayMs } from "./outbox";
import { signatureHeader, verifySignature } from "./signing";
import { type Phase, step } from "./transition";
import { WebhookUrl } from "./webhooks";

const T0 = Date.parse("2026-03-01T12:00:00.000Z");
const S = 1000;

/** Steps through evaluations `breaching[i]` at T0 + i × 30 s; the transitions, in order. */
function run(breaching: boolean[], forMs: number): (string | null)[] {
  let phase: Phase | undefined;
  return breaching.map((b, i) => {
    const next = step(phase, b, T0 + i * 30 * S, forMs);
    phase = next;
    return next.transition;
  });
}

describe("a subject's transitions", () => {
  it("fires at the first breach and resolves at the first clear evaluation, once each", () => {
    expect(run([false, true, true, true, false, false], 0)).toEqual([
      null,
      "firing",
      null,
      null,
      "resolved",
      null,
    ]);
  });

  it("with `for`, fires only once the condition held at every evaluation for that long", () => {
    // 60 s: the breach at 30 s and 60 s is not yet long enough; at 90 s it has held 60 s
    expect(run([false, true, true, true, true], 60 * S)).toEqual([
      null,
      null,
      null,
      "firing",
      null,
    ]);
  });

  it("restarts the `for` clock when the condition lets go before it fires", () => {
    expect(run([true, true, false, true, true, true], 60 * S)).toEqual([
      null,
      null,
      null,
      null,
      null,
      "firing",
    ]);
  });
});

describe("retries", () => {
  it("wait the base, then twice as long each time, capped at ten minutes", () => {
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, 10 * S))).toEqual([
      10 * S,
      20 * S,
      40 * S,
      80 * S,
    ]);
    expect(retryDelayMs(MAX_ATTEMPTS, 10 * S)).toBe(MAX_RETRY_DELAY_MS);
  });
});

describe("the signature", () => {
  const secret = "whsec_test";
  const body = JSON.stringify({ id: "e-1", type: "alert.firing" });

  it("is HMAC-SHA256 over `<t>.<body>`, hex", async () => {
    const header = await signatureHeader(secret, body, 1_700_000_000);
    // Computed here straight from WebCrypto (the e2e test checks it with node:crypto too)
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = await crypto.subtle.sign(
      "HMAC",
      key,
      new TextEncoder().encode(`1700000000.${body}`),
    );
    const hex = Array.from(new Uint8Array(mac), (b) => b.toString(16).padStart(2, "0")).join("");
    expect(header).toBe(`t=1700000000,v1=${hex}`);
  });

  it("verifies with the secret, and not with another body, secret or an old timestamp", async () => {
    const header = await signatureHeader(secret, body, 1_700_000_000);
    expect(await verifySignature(secret, body, header, 1_700_000_010)).toBe(true);
    expect(await verifySignature(secret, `${body} `, header, 1_700_000_010)).toBe(false);
    expect(await verifySignature("whsec_other", body, header, 1_700_000_010)).toBe(false);
    expect(await verifySignature(secret, body, header, 1_700_000_000 + 3600)).toBe(false);
  });
});

describe("what operators may configure", () => {
  it("takes http and https webhook URLs, without credentials", () => {
    expect(WebhookUrl.safeParse("https://hooks.example/alerts").success).toBe(true);
    expect(WebhookUrl.safeParse("http://127.0.0.1:9000/hook").success).toBe(true);
    expect(WebhookUrl.safeParse("ftp://hooks.example/").success).toBe(false);
    expect(WebhookUrl.safeParse("https://user:pw@hooks.example/").success).toBe(false);
    expect(WebhookUrl.safeParse("not a url").success).toBe(false);
  });

  it("takes a rule of a known kind with its parameters, and defaults the rest", () => {
    expect(AlertRuleInput.parse({ kind: "dead_letters_above", params: { above: 3 } })).toEqual({
      kind: "dead_letters_above",
      params: { above: 3 },
      enabled: true,
      for_seconds: 0,
    });
    const p99 = AlertRuleInput.parse({
      kind: "p99_above",
      params: { queue: "events", above_ms: 250 },
    });
    expect(p99.params).toEqual({ queue: "events", latency: "handler", above_ms: 250, minutes: 5 });
    const unknown = AlertRuleInput.safeParse({ kind: "cpu_above", params: {} });
    expect(unknown.error?.issues[0]?.path).toEqual(["kind"]);
    const bad = AlertRuleInput.safeParse({ kind: "dead_letters_above", params: { above: -1 } });
    expect(bad.error?.issues[0]?.path).toEqual(["params", "above"]);
  });
});
