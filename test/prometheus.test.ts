import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../worker/http/app";
import { api, createTenant, eventually, postJson, researchCompleted } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import {
  histogramOf,
  type ParsedFamily,
  parsePrometheusText,
  sampleValue,
} from "./support/prometheus";
import { recordingQueue } from "./support/queues";

type Families = Map<string, ParsedFamily>;

/** The scrape token vitest.config.ts binds (an optional secret: the generated Env omits it). */
const SCRAPE_TOKEN = (env as unknown as { METRICS_SCRAPE_TOKEN: string }).METRICS_SCRAPE_TOKEN;

/** Scrapes as a Prometheus server would, with the scrape token, and parses strictly. */
async function scrape(): Promise<Families> {
  const response = await api("/metrics", { headers: bearer(SCRAPE_TOKEN) });
  expect(response.status).toBe(200);
  return parsePrometheusText(await response.text());
}

const applied = (f: Families, tenant: string) =>
  sampleValue(f, "switchboard_tenant_events_applied_total", { tenant }) ?? 0;
const events = { queue: "events" };
const delivered = (f: Families) =>
  sampleValue(f, "switchboard_queue_messages_delivered_total", events) ?? 0;
const handler = (f: Families) =>
  histogramOf(f, "switchboard_queue_handler_duration_seconds", events);
const wait = (f: Families) => histogramOf(f, "switchboard_queue_wait_duration_seconds", events);

describe("GET /metrics", () => {
  it("answers the Prometheus text format, every family with its HELP and TYPE", async () => {
    const response = await api("/metrics", { headers: bearer(SCRAPE_TOKEN) });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const families = parsePrometheusText(await response.text());
    for (const family of families.values()) {
      expect(family.name).toMatch(/^switchboard_/);
      expect(family.help, family.name).not.toBe("");
      if (family.type === "counter") expect(family.name).toMatch(/_total$/);
    }
    expect([...families.keys()]).toEqual(
      expect.arrayContaining([
        "switchboard_queue_messages_delivered_total",
        "switchboard_queue_handler_duration_seconds",
        "switchboard_queue_backlog_messages",
        "switchboard_runs_total",
        "switchboard_tenant_events_applied_total",
        "switchboard_billable_cost_usd_total",
      ]),
    );
  });

  it("moves its counters and histograms with traffic through the real queues", async () => {
    // Given a tenant whose first 3 events went through the events queue
    const tenant = await createTenant();
    await postJson(
      "/api/events",
      [1, 2, 3].map(() => researchCompleted(tenant)),
    );
    const before = await eventually(scrape, (f) => applied(f, tenant) === 3);

    // When 4 more are ingested, and one is sent to the queue to be delivered a second late
    await postJson(
      "/api/events",
      [1, 2, 3, 4].map(() => researchCompleted(tenant)),
    );
    await env.EVENTS_QUEUE.send(researchCompleted(tenant), { delaySeconds: 1 });
    const after = await eventually(scrape, (f) => applied(f, tenant) === 8);

    // Then the queue's counters and the tenant's applied events moved by the traffic
    expect(delivered(after) - delivered(before)).toBeGreaterThanOrEqual(5);
    const grew = (name: string, labels: Record<string, string>) =>
      (sampleValue(after, name, labels) ?? 0) - (sampleValue(before, name, labels) ?? 0);
    expect(grew("switchboard_metered_events_total", {})).toBeGreaterThanOrEqual(5);
    expect(
      grew("switchboard_billable_operations_total", { operation: "queue_operations" }),
    ).toBeGreaterThan(0);
    expect(grew("switchboard_tenant_cost_usd_total", { tenant })).toBeGreaterThan(0);

    // and the histograms counted each message, their sums growing with them: the late
    // message alone waited a second
    const [h0, h1, w0, w1] = [handler(before), handler(after), wait(before), wait(after)];
    expect((h1?.count ?? 0) - (h0?.count ?? 0)).toBeGreaterThanOrEqual(5);
    expect(h1?.sum ?? 0).toBeGreaterThanOrEqual(h0?.sum ?? 0);
    expect((w1?.count ?? 0) - (w0?.count ?? 0)).toBeGreaterThanOrEqual(5);
    expect((w1?.sum ?? 0) - (w0?.sum ?? 0)).toBeGreaterThanOrEqual(1);

    // and the buckets are cumulative, in seconds, ending in +Inf at the count
    const buckets = w1?.buckets ?? [];
    expect(buckets[0]?.le).toBe(0.001);
    expect(buckets.at(-1)).toEqual({ le: Number.POSITIVE_INFINITY, count: w1?.count });
    expect(buckets.find((b) => b.le === 1)?.count).toBeLessThan(w1?.count ?? 0);
    buckets.slice(1).forEach((b, i) => {
      expect(b.count).toBeGreaterThanOrEqual(buckets[i]?.count ?? 0);
    });
  });

  it("reports each queue's backlog as the queue itself does, and leaves out a queue that cannot say", async () => {
    const token = bearer(SCRAPE_TOKEN);
    const full = parsePrometheusText(await (await api("/metrics", { headers: token })).text());
    for (const queue of ["events", "agent-commands", "research-commands", "events-dlq"]) {
      expect(
        sampleValue(full, "switchboard_queue_backlog_messages", { queue }),
      ).toBeGreaterThanOrEqual(0);
      expect(
        sampleValue(full, "switchboard_queue_backlog_oldest_age_seconds", { queue }),
      ).toBeGreaterThanOrEqual(0);
    }
    // A binding without metrics() (a recording stand-in here) has no backlog to report.
    const response = await app.request(
      "/metrics",
      { headers: token },
      { ...env, EVENTS_QUEUE: recordingQueue().queue },
    );
    const partial = parsePrometheusText(await response.text());
    expect(sampleValue(partial, "switchboard_queue_backlog_messages", events)).toBeUndefined();
    expect(
      sampleValue(partial, "switchboard_queue_backlog_messages", { queue: "agent-commands" }),
    ).toBeDefined();
  });

  it("names at most METRICS_TOP_TENANTS tenants and sums the rest as other", async () => {
    const tenant = await createTenant();
    await postJson("/api/events", [researchCompleted(tenant), researchCompleted(tenant)]);
    await eventually(scrape, (f) => applied(f, tenant) === 2);
    const token = bearer(SCRAPE_TOKEN);
    const scrapeWith = async (top: string) =>
      parsePrometheusText(
        await (
          await app.request("/metrics", { headers: token }, { ...env, METRICS_TOP_TENANTS: top })
        ).text(),
      );
    const named = await scrapeWith("20");
    const none = await scrapeWith("0");
    const total = (f: Families) =>
      f.get("switchboard_tenant_events_applied_total")?.samples.reduce((s, x) => s + x.value, 0);
    expect(applied(named, tenant)).toBe(2);
    expect(none.get("switchboard_tenant_events_applied_total")?.samples).toEqual([
      {
        name: "switchboard_tenant_events_applied_total",
        labels: { tenant: "other" },
        value: total(named),
      },
    ]);
    expect(
      sampleValue(none, "switchboard_tenant_cost_usd_total", { tenant: "other" }),
    ).toBeGreaterThan(0);
  });

  it("sums the runs of every tenant by status", async () => {
    const families = await scrape();
    for (const status of ["started", "completed", "failed"]) {
      expect(sampleValue(families, "switchboard_runs_total", { status })).toBeGreaterThanOrEqual(0);
    }
    expect(sampleValue(families, "switchboard_runs_active")).toBeGreaterThanOrEqual(0);
  });
});

describe("who may scrape", () => {
  const status = async (headers: Record<string, string>, path = "/metrics") =>
    (await api(path, { headers }, "none")).status;

  it("lets an operator token and the scrape token in", async () => {
    expect(await status(bearer(await mintToken({ role: "operator" })))).toBe(200);
    expect(await status(bearer(SCRAPE_TOKEN))).toBe(200);
  });

  it("refuses no token, a wrong one, a tenant's and a service's, as the policy refuses", async () => {
    expect(await status({})).toBe(401);
    expect(await status(bearer(`${SCRAPE_TOKEN}x`))).toBe(401);
    const tenant = await api(
      "/metrics",
      { headers: bearer(await mintToken({ role: "tenant", tenant: "acme" })) },
      "none",
    );
    expect(tenant.status).toBe(403);
    expect(tenant.headers.get("content-type")).toMatch(/^application\/problem\+json/);
    expect(await status(bearer(await mintToken({ role: "service" })))).toBe(403);
  });

  it("opens /metrics only: the scrape token reads nothing else", async () => {
    const token = bearer(SCRAPE_TOKEN);
    expect(await status(token, "/api/metrics")).toBe(401);
    expect(await status(token, "/api/tenants")).toBe(401);
  });

  it("takes no scrape token at all when none is configured", async () => {
    const response = await app.request("/metrics", { headers: bearer(SCRAPE_TOKEN) }, {
      ...env,
      METRICS_SCRAPE_TOKEN: "",
    } as unknown as Env);
    expect(response.status).toBe(401);
  });

  it("leaves /metrics to the console's page when a browser opens it", async () => {
    // given a browser's navigation, which asks for HTML first
    const navigation = { accept: "text/html,application/xhtml+xml,*/*;q=0.8" };
    // when it opens /metrics and another console page
    const [metricsPage, otherPage] = await Promise.all([
      api("/metrics", { headers: navigation }, "none"),
      api("/dead-letters", { headers: navigation }, "none"),
    ]);
    // then both are answered alike, by the console's assets, not by the scrape
    expect(metricsPage.status).toBe(otherPage.status);
    expect(metricsPage.headers.get("content-type")).toBe(otherPage.headers.get("content-type"));
    expect(await metricsPage.text()).not.toContain("# TYPE switchboard_");
  });
});
