import { describe, expect, it } from "vitest";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";
import { loggedEvents, startContentRun, uniqueRunId } from "./support/content";

type Publication = { content_id: string; url: string };
type Post = { content_id: string; network: string; url: string };

describe("publishing an article", () => {
  it("serves the finished run's article as a page, announces it, and tells the agent", async () => {
    // Given a tenant (social posting is on by default)
    const tenant = await createTenant(uniqueTenant("pub"));
    const runId = uniqueRunId(tenant);

    // When a content run for a keyword finishes
    await startContentRun(tenant, runId, { keyword: "winter tyres" });

    // Then the page is served at /sites/<tenant>/<slug>, to anyone
    const page = await eventually(
      () => api(`/sites/${tenant}/winter-tyres`, {}, "none"),
      (r) => r.status === 200,
      20_000,
    );
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toMatch(/<h1 id="[^"]+">[^<]*Winter Tyres/);

    // And the publisher recorded it at an absolute URL
    const { publications } = (await (
      await api(`/services/publisher/${tenant}/publications`)
    ).json()) as { publications: Publication[] };
    expect(publications).toEqual([
      expect.objectContaining({
        content_id: runId,
        url: expect.stringMatching(/\/sites\/.+\/winter-tyres$/),
      }),
    ]);

    // And the social service announced it on each network
    const posts = await eventually(
      async () =>
        ((await (await api(`/services/social/${tenant}/posts`)).json()) as { posts: Post[] }).posts,
      (list) => list.length > 0,
    );
    expect(posts.map((p) => p.network).sort()).toEqual(["linkedin", "mastodon"]);
    expect(posts.every((p) => p.url === publications[0]?.url)).toBe(true);

    // And the agent's log has the whole chain of facts
    const types = await eventually(
      async () => (await loggedEvents(tenant)).map((e) => e.type),
      (t) => t.includes("social.posted"),
    );
    expect(types).toEqual(
      expect.arrayContaining(["content.ready", "content.published", "social.posted"]),
    );
  });
});
