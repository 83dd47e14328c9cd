import { describe, expect, it } from "vitest";
import { api, eventually } from "./support/api";
import { createTenantWithStrategy, runCycle, type TraceEntry, trace } from "./support/tenant";

type TenantBody = { state: { counts: Record<string, number> } };
type Post = { content_id: string; network: string; url: string };

async function counts(tenant: string): Promise<Record<string, number>> {
  return ((await (await api(`/api/tenants/${tenant}`)).json()) as TenantBody).state.counts;
}

function messages(entries: TraceEntry[], type: string): TraceEntry[] {
  return entries.filter((e) => e.kind === "message" && e.type === type);
}

describe("one whole cycle of the content loop", () => {
  it("researches, writes, publishes, announces and traces two articles with every reason", async () => {
    // Given a tenant whose strategy keeps two keywords and announces articles
    const tenant = await createTenantWithStrategy({
      seed_keywords: ["winter tyres", "snow chains", "ice scrapers"],
      max_difficulty: 100,
      min_volume: 0,
      max_articles_per_cycle: 2,
      template: "how-to",
      social_enabled: true,
    });

    // When a cycle runs
    const chain = await runCycle(tenant);

    // Then two articles are published and announced, and the agent counted it all
    const done = await eventually(
      () => counts(tenant),
      (c) => (c.articles_published ?? 0) >= 2 && (c.runs_completed ?? 0) >= 2,
      30_000,
    );
    expect(done).toMatchObject({ cycles: 1, runs_started: 2, runs_failed: 0 });
    const posts = await eventually(
      async () =>
        ((await (await api(`/services/social/${tenant}/posts`)).json()) as { posts: Post[] }).posts,
      (list) => list.length >= 4,
    );
    expect(new Set(posts.map((p) => p.content_id)).size).toBe(2);

    // And each published URL opens as a page, for anyone
    for (const url of new Set(posts.map((p) => p.url))) {
      const page = await api(new URL(url).pathname, {}, "none");
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<h1 id=/);
    }

    // And the trace of the cycle shows the whole chain, in causal order
    const entries = await eventually(
      () => trace(tenant, chain),
      (e) => messages(e, "social.posted").length >= 2,
    );
    for (const type of [
      "cycle.requested",
      "research.requested",
      "research.completed",
      "content.ready",
      "content.publish",
      "content.published",
      "social.posted",
    ]) {
      expect(messages(entries, type).length, type).toBeGreaterThan(0);
    }
    const runs = entries.filter((e) => e.kind === "run");
    expect(runs.map((r) => r.status)).toEqual(["complete", "complete"]);
    const steps = entries.filter((e) => e.kind === "step").map((e) => e.id.split("/")[1]);
    expect(new Set(steps)).toEqual(
      new Set([
        "fetch research",
        "outline article",
        "draft article",
        "edit article",
        "store article",
        "publish article",
      ]),
    );

    // And every decision gives its reasons: the cycle, the keywords kept and dropped,
    // and each article sent to the publisher (under its run)
    const decisions = entries.filter((e) => e.kind === "decision");
    expect(decisions.every((d) => (d.reasons ?? []).length > 0)).toBe(true);
    const kept = decisions.find((d) => d.summary?.startsWith("kept 2 of 3"));
    expect(kept?.reasons?.map((r) => r.verdict).sort()).toEqual(["dropped", "kept", "kept"]);
    const published = decisions.filter((d) => d.summary?.includes("sent to the publisher"));
    expect(published).toHaveLength(2);
    for (const decision of published) {
      expect(runs.map((r) => r.id)).toContain(decision.parent);
    }
    // A published page's announcement follows the publish command that caused it.
    const publish = messages(entries, "content.publish")[0];
    const page = messages(entries, "content.published").find((m) => m.parent === publish?.id);
    expect(page).toBeDefined();
  });
});
