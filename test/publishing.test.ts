import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";
import { startContentRun, uniqueRunId } from "./support/content";

async function eventTypes(tenant: string): Promise<string[]> {
  const response = await api(`/api/events?tenant=${tenant}&limit=100`);
  const body = (await response.json()) as { events: { type: string }[] };
  return body.events.map((e) => e.type);
}

describe("publishing an article", () => {
  it("serves the finished run's article as a page and tells the agent where it is", async () => {
    // Given a tenant
    const tenant = await createTenant(uniqueTenant("pub"));
    // When a content run for a keyword finishes
    await startContentRun(tenant, uniqueRunId(tenant), { keyword: "winter tyres" });
    // Then the page is served at /sites/<tenant>/<slug>
    const page = await eventually(
      () => api(`/sites/${tenant}/winter-tyres`),
      (r) => r.status === 200,
      20_000,
    );
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/<h1 id="[^"]+">[^<]*Winter Tyres/);
    // And the agent learned that it is ready and where it was published
    const types = await eventually(
      () => eventTypes(tenant),
      (t) => t.includes("content.published"),
    );
    expect(types).toContain("content.ready");
    const published = await env.PUBLISHER_SERVICE.getByName(tenant).listPublications();
    expect(published).toHaveLength(1);
    expect(published[0]?.url).toMatch(new RegExp(`/sites/${tenant}/winter-tyres$`));
  });
});
