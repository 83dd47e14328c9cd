import { spawnSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  histogramOf,
  type ParsedFamily,
  parsePrometheusText,
  sampleValue,
} from "../test/support/prometheus";
import { type Platform, startPlatform } from "./platform";

// The scrape token this platform runs with (a Worker var for the run; ≥ 32 characters).
const SCRAPE_TOKEN = `e2e-scrape-${randomUUID()}`;
const TRAFFIC_BATCHES = 12;
const EVENTS_PER_BATCH = 5;

let platform: Platform | undefined;

beforeAll(async () => {
  platform = await startPlatform({
    logName: "metrics-platform.log",
    vars: { METRICS_SCRAPE_TOKEN: SCRAPE_TOKEN },
  });
});

afterAll(async () => {
  await platform?.stop();
});

function started(): Platform {
  if (!platform) throw new Error("beforeAll did not start the platform");
  return platform;
}

/** `promtool check metrics` on a scrape (Debian's prometheus package ships promtool). */
function promtoolCheck(text: string): { status: number | null; output: string } {
  const run = spawnSync("promtool", ["check", "metrics"], { input: text, encoding: "utf8" });
  if (run.error && (run.error as NodeJS.ErrnoException).code === "ENOENT") {
    throw new Error(
      "promtool is not installed: install Debian's prometheus package (apt-get install prometheus), which ships it",
    );
  }
  if (run.error) throw run.error;
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() };
}

async function scrapeText(): Promise<string> {
  const response = await fetch(`${started().url}/metrics`, {
    headers: { authorization: `Bearer ${SCRAPE_TOKEN}` },
  });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  return response.text();
}

/** Scrapes until `accept` holds (a queue hop is about a second), at most 30 s. */
async function scrapeUntil(
  accept: (families: Map<string, ParsedFamily>) => boolean,
): Promise<{ text: string; families: Map<string, ParsedFamily> }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const text = await scrapeText();
    const families = parsePrometheusText(text);
    if (accept(families)) return { text, families };
    if (Date.now() > deadline) throw new Error(`the scrape never got there; last:\n${text}`);
    await sleep(250);
  }
}

async function operator(path: string, body: unknown): Promise<Response> {
  return fetch(`${started().url}${path}`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${started().operatorToken}`,
      "content-type": "application/json",
    },
    body: JSON.stringify(body),
  });
}

function researchCompleted(tenant: string) {
  return {
    event_id: randomUUID(),
    type: "research.completed",
    source: "research",
    tenant_id: tenant,
    timestamp: new Date().toISOString(),
    payload: { research_ids: ["r-1"], keywords_researched: 1 },
  };
}

/** Posts `TRAFFIC_BATCHES` batches, one every 100 ms: bounded, and it ends by itself. */
async function traffic(tenant: string): Promise<void> {
  for (let i = 0; i < TRAFFIC_BATCHES; i++) {
    const response = await operator(
      "/api/events",
      Array.from({ length: EVENTS_PER_BATCH }, () => researchCompleted(tenant)),
    );
    expect(response.status).toBe(202);
    await sleep(100);
  }
}

const applied = (f: Map<string, ParsedFamily>, tenant: string) =>
  sampleValue(f, "switchboard_tenant_events_applied_total", { tenant }) ?? 0;
const delivered = (f: Map<string, ParsedFamily>) =>
  sampleValue(f, "switchboard_queue_messages_delivered_total", { queue: "events" }) ?? 0;
const handled = (f: Map<string, ParsedFamily>) =>
  histogramOf(f, "switchboard_queue_handler_duration_seconds", { queue: "events" });

describe("GET /metrics under traffic, checked by Prometheus's own promtool", () => {
  it("passes promtool check metrics during traffic, and its counters move between scrapes", async () => {
    // Given a tenant and events flowing to it through the queues
    const tenant = `e2e-${randomUUID().slice(0, 8)}`;
    expect((await operator("/api/tenants", { id: tenant, name: "Metrics" })).status).toBe(201);
    const flowing = traffic(tenant);

    // When the platform is scraped while the traffic runs, and again once it has passed
    const first = await scrapeUntil((f) => applied(f, tenant) > 0);
    const firstCheck = promtoolCheck(first.text);
    await flowing;
    const total = TRAFFIC_BATCHES * EVENTS_PER_BATCH;
    const second = await scrapeUntil((f) => applied(f, tenant) === total);
    const secondCheck = promtoolCheck(second.text);

    // Then promtool finds nothing wrong with either scrape (no errors, no lint problems)
    expect(firstCheck, firstCheck.output).toEqual({ status: 0, output: "" });
    expect(secondCheck, secondCheck.output).toEqual({ status: 0, output: "" });
    // and the counters moved with the traffic
    expect(applied(second.families, tenant)).toBeGreaterThan(applied(first.families, tenant));
    expect(delivered(second.families)).toBeGreaterThan(delivered(first.families));
    expect(delivered(second.families)).toBeGreaterThanOrEqual(total);
    expect(handled(second.families)?.count ?? 0).toBeGreaterThan(
      handled(first.families)?.count ?? 0,
    );
  });

  it("refuses a scrape without a token, or with a tenant's", async () => {
    const url = `${started().url}/metrics`;
    expect((await fetch(url)).status).toBe(401);
    const tenantToken = await started().tenantToken("someone");
    const asTenant = await fetch(url, { headers: { authorization: `Bearer ${tenantToken}` } });
    expect(asTenant.status).toBe(403);
  });
});
