import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createMessage, type Message, unbundle } from "../../events";
import { uniqueTenant } from "../../test/support/api";
import { outboxTypes } from "../../test/support/queue";
import { recordingQueue } from "../../test/support/queues";
import type { AnalyticsService } from "./analytics-service";
import { performanceFigures } from "./figures";
import { refreshEventId } from "./judge";
import type { JudgeInputReader } from "./judge-inputs";

function request(tenant: string, urls: string[]) {
  return createMessage(
    "performance.requested",
    { urls, period: "28d" },
    { tenant_id: tenant, source: "test" },
  );
}

describe("the analytics service", () => {
  it("reports each page's figures once for a request delivered twice", async () => {
    const tenant = uniqueTenant("ana");
    const analytics = env.ANALYTICS_SERVICE.getByName(tenant);
    const urls = [
      `https://brand.example/sites/${tenant}/a`,
      `https://brand.example/sites/${tenant}/b`,
    ];
    const command = request(tenant, urls);

    await analytics.handle([command]);
    await analytics.handle([command]);

    const reports = await analytics.listReports();
    expect(reports).toHaveLength(2);
    expect(await outboxTypes(analytics)).toEqual(["performance.report", "performance.report"]);
    const [first] = reports.filter((r) => r.url === urls[0]);
    expect(first).toMatchObject(await performanceFigures(urls[0] ?? "", "28d"));
  });

  it("answers a later request again, with the same figures", async () => {
    const tenant = uniqueTenant("ana");
    const analytics = env.ANALYTICS_SERVICE.getByName(tenant);
    const url = `https://brand.example/sites/${tenant}/a`;

    await analytics.handle([request(tenant, [url])]);
    await analytics.handle([request(tenant, [url])]);

    const reports = await analytics.listReports();
    expect(reports).toHaveLength(2);
    expect(reports[0]?.clicks).toBe(reports[1]?.clicks);
  });
});

describe("judging reports", () => {
  const PUBLISHED_AT = "2025-01-01T06:00:00.000Z";
  const poorly = {
    refresh_min_clicks: 1_000_000,
    refresh_max_position: 100,
    refresh_check_after_days: 0,
  };

  /** Gives the tenant's analytics a page at `url` and these thresholds, and records its sends. */
  async function analyticsWith(tenant: string, url: string, thresholds = poorly) {
    const events = recordingQueue();
    const agentCommands = recordingQueue();
    const stub = env.ANALYTICS_SERVICE.getByName(tenant);
    await runInDurableObject(stub, (object: AnalyticsService) => {
      const inputs: JudgeInputReader = async () => ({
        pages: { [url]: { url, content_id: "c-1", published_at: PUBLISHED_AT } },
        thresholds,
      });
      // The reads and the queues are replaced: this test is about the service alone.
      Object.assign(object, {
        inputs,
        env: { ...env, EVENTS_QUEUE: events.queue, AGENT_COMMANDS_QUEUE: agentCommands.queue },
      });
    });
    return { stub, events: events.sent, agentCommands: agentCommands.sent };
  }

  const unbundled = (sent: unknown[]) => sent.flatMap((body) => unbundle(body) as Message[]);

  it("asks the tenant's agent, through agent-commands, to refresh a page that underperforms", async () => {
    // Given a published page and thresholds no page meets
    const tenant = uniqueTenant("ana");
    const url = `https://brand.example/sites/${tenant}/a`;
    const { stub, events, agentCommands } = await analyticsWith(tenant, url);
    const command = { ...request(tenant, [url]), correlation_id: "cycle-1" };

    // When its performance is asked for
    await stub.handle([command]);

    // Then the report goes to events, and a refresh caused by it to agent-commands
    const [report] = unbundled(events);
    const [refresh] = unbundled(agentCommands);
    expect(report).toMatchObject({ type: "performance.report", correlation_id: "cycle-1" });
    expect(refresh).toMatchObject({
      event_id: refreshEventId(report?.event_id ?? ""),
      type: "content.refresh",
      source: "analytics",
      correlation_id: "cycle-1",
      causation_id: report?.event_id,
      payload: { content_id: "c-1", reason: expect.stringMatching(/^underperforms after \d/) },
    });
    // And the report keeps its judgement
    const [stored] = await stub.listReports();
    expect(stored).toMatchObject({
      report_id: report?.event_id,
      verdict: "refresh",
      refresh_id: refresh?.event_id,
    });
  });

  it("sends one refresh for a request delivered twice", async () => {
    const tenant = uniqueTenant("ana");
    const url = `https://brand.example/sites/${tenant}/a`;
    const { stub, agentCommands } = await analyticsWith(tenant, url);
    const command = request(tenant, [url]);

    await stub.handle([command]);
    await stub.handle([command]);

    expect(unbundled(agentCommands).map((m) => m.type)).toEqual(["content.refresh"]);
  });

  it("asks nothing for a page that meets the thresholds, and says so", async () => {
    const tenant = uniqueTenant("ana");
    const url = `https://brand.example/sites/${tenant}/a`;
    const { stub, events, agentCommands } = await analyticsWith(tenant, url, {
      refresh_min_clicks: 0,
      refresh_max_position: 100,
      refresh_check_after_days: 0,
    });

    await stub.handle([request(tenant, [url])]);

    expect(unbundled(events).map((m) => m.type)).toEqual(["performance.report"]);
    expect(agentCommands).toEqual([]);
    const [stored] = await stub.listReports();
    expect(stored?.verdict).toBe("keep");
    expect(stored?.judgement).toMatch(/^performs: /);
  });

  it("retries a request whose pages or thresholds cannot be read, and sends nothing", async () => {
    const tenant = uniqueTenant("ana");
    const url = `https://brand.example/sites/${tenant}/a`;
    const { stub, events } = await analyticsWith(tenant, url);
    await runInDurableObject(stub, (object: AnalyticsService) => {
      const inputs: JudgeInputReader = () => Promise.reject(new Error("publisher unavailable"));
      Object.assign(object, { inputs });
    });
    const command = request(tenant, [url]);

    const [outcome] = await stub.handle([command]);

    expect(outcome).toMatchObject({
      status: "retry",
      reason: expect.stringContaining("publisher unavailable"),
    });
    expect(events).toEqual([]);
    expect(await stub.listReports()).toEqual([]);
  });
});
