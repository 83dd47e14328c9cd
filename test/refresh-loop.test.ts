import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import type { Message } from "../events";
import type { Report } from "../services/analytics/analytics-service";
import { api, eventually } from "./support/api";
import { deliverBatch } from "./support/queues";
import { createTenantWithStrategy, runCycle, type TraceEntry, trace } from "./support/tenant";

// The content loop's last step: analytics judges a published page's report against the
// tenant's strategy and, through agent-commands, asks the agent to refresh it; the agent
// decides with reasons, starts a rewrite and the page is published again.

type Publication = { content_id: string; url: string; published_at: string };

async function counts(tenant: string): Promise<Record<string, number>> {
  const body = (await (await api(`/api/tenants/${tenant}`)).json()) as {
    state: { counts: Record<string, number> };
  };
  return body.state.counts;
}

async function publications(tenant: string): Promise<Publication[]> {
  const response = await api(`/services/publisher/${tenant}/publications`);
  return ((await response.json()) as { publications: Publication[] }).publications;
}

async function reports(tenant: string): Promise<Report[]> {
  const response = await api(`/services/analytics/${tenant}/reports`);
  return ((await response.json()) as { reports: Report[] }).reports;
}

const ofType = (entries: TraceEntry[], type: string) =>
  entries.filter((e) => e.kind === "message" && e.type === type);
const refreshDecisions = (entries: TraceEntry[]) =>
  entries.filter((e) => e.kind === "decision" && e.summary?.startsWith("refresh of"));

/** The performance request the agent sent in a chain, exactly as it left its outbox. */
async function sentRequest(tenant: string, chain: string): Promise<Message> {
  const agent = await getAgentByName(env.TENANT_AGENT, tenant);
  const bodies = await runInDurableObject(agent, (_agent, state) =>
    state.storage.sql
      .exec<{ body: string }>("SELECT body FROM outbox WHERE type = 'performance.requested'")
      .toArray()
      .map((row) => JSON.parse(row.body) as Message),
  );
  const request = bodies.find((m) => m.correlation_id === chain);
  if (!request) throw new Error(`no performance.requested in chain ${chain}`);
  return request;
}

/**
 * Given a tenant with one published article, whose pages are checked every cycle and
 * judged at once against thresholds no page meets; when the next cycle asks analytics
 * how the page performs, the refresh runs to completion. Returns that cycle's chain
 * with its trace then, and the page as first published.
 */
async function refreshedPage() {
  const tenant = await createTenantWithStrategy({
    seed_keywords: ["winter tyres"],
    max_difficulty: 100,
    min_volume: 0,
    max_articles_per_cycle: 1,
    social_enabled: false,
    performance_check_days: 0,
    refresh_min_clicks: 1_000_000,
    refresh_check_after_days: 0,
    refresh_max_per_week: 3,
  });
  await runCycle(tenant);
  await eventually(
    () => counts(tenant),
    (c) => (c.articles_published ?? 0) >= 1 && (c.runs_completed ?? 0) >= 1,
    30_000,
  );
  const [first] = await publications(tenant);
  if (!first) throw new Error("the article was not published");

  const chain = await runCycle(tenant);
  const entries = await eventually(
    () => trace(tenant, chain),
    (e) =>
      e.some((x) => x.kind === "run" && x.status === "complete") &&
      ofType(e, "content.published").length > 0,
    30_000,
  );
  return { tenant, chain, entries, first };
}

describe("refreshing a page that underperforms", () => {
  it("judges the report, asks the agent through agent-commands, and republishes the page, all in the trace", async () => {
    // Given a published page, when its report comes in under the thresholds
    const { tenant, entries, first } = await refreshedPage();

    // Then the page is published again at its URL, by a second run
    const [again] = await eventually(
      () => publications(tenant),
      ([p]) => p !== undefined && p.published_at > first.published_at,
    );
    expect(again).toMatchObject({ content_id: first.content_id, url: first.url });
    expect(await counts(tenant)).toMatchObject({ runs_started: 2, runs_completed: 2 });

    // And the trace shows report → refresh (caused by it) → decision with reasons → run
    const [report] = ofType(entries, "performance.report");
    const [refresh] = ofType(entries, "content.refresh");
    const [decision] = refreshDecisions(entries);
    const [run] = entries.filter((e) => e.kind === "run");
    expect(report?.payload).toMatchObject({ url: first.url });
    expect(refresh?.parent).toBe(report?.id);
    expect(refresh?.payload).toMatchObject({
      content_id: first.content_id,
      reason: expect.stringContaining("(refresh_min_clicks)"),
    });
    expect(decision).toMatchObject({
      parent: refresh?.id,
      summary: "refresh of 'winter tyres' started",
    });
    expect(decision?.reasons?.map((r) => r.text)).toEqual([
      expect.stringMatching(/^kept 'winter tyres' for a rewrite: underperforms after/),
      "refresh 1 of 3 in the last 7 days (refresh_max_per_week 3)",
    ]);
    expect(run).toMatchObject({ parent: decision?.id, keyword: "winter tyres" });
    const order = [report, refresh, decision, run].map((e) => entries.indexOf(e as TraceEntry));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // And the run's republished page is in the chain too
    expect(ofType(entries, "content.published")[0]?.payload).toMatchObject({ urls: [first.url] });

    // And analytics kept its judgement beside the report
    const judged = (await reports(tenant)).find((r) => r.report_id === report?.id);
    expect(judged).toMatchObject({ verdict: "refresh", refresh_id: refresh?.id });
  });

  it("starts no second run for the same report", async () => {
    // Given a page refreshed after its report
    const { tenant, chain, entries, first } = await refreshedPage();
    const [report] = ofType(entries, "performance.report");
    const [run] = entries.filter((e) => e.kind === "run");

    // When the same request reaches analytics again, it reports and asks nothing more
    const request = await sentRequest(tenant, chain);
    await deliverBatch("analytics-commands", [request]);
    const answered = (await reports(tenant)).filter((r) => r.request_id === request.event_id);
    expect(answered).toHaveLength(1);

    // When another refresh of the same report arrives (one not derived from its id)
    await env.AGENT_COMMANDS_QUEUE.send({
      event_id: crypto.randomUUID(),
      type: "content.refresh",
      source: "analytics",
      tenant_id: tenant,
      timestamp: new Date().toISOString(),
      correlation_id: chain,
      causation_id: report?.id,
      payload: { content_id: first.content_id, reason: "asked again" },
    });

    // Then the agent decides not to refresh, says why, and starts no second run
    const after = await eventually(
      () => trace(tenant, chain),
      (e) => refreshDecisions(e).length >= 2,
    );
    expect(refreshDecisions(after)[1]?.summary).toBe(
      `refresh of 'winter tyres' not started: report ${report?.id} already started refresh run ${run?.id}`,
    );
    expect(after.filter((e) => e.kind === "run")).toHaveLength(1);
    expect(await counts(tenant)).toMatchObject({ runs_started: 2 });
  });
});
