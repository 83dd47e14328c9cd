import { describe, expect, it } from "vitest";
import { pickKeywords } from "../agents/tenant/pick-keywords";
import type { ResearchView } from "../agents/tenant/research-view";
import { Strategy } from "../events/strategy";
import { api, eventually, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { createTenantWithStrategy, researchDecided, runCycle } from "./support/tenant";

const SEEDS = ["budget apps", "crypto tax", "saving money tips"];

async function research(tenant: string, headers: Record<string, string> = {}) {
  return api(`/api/tenants/${tenant}/research`, { headers });
}

describe("GET /api/tenants/:id/research", () => {
  it("lists the research the agent decided on, with the keywords it already used", async () => {
    // Given a tenant whose cycle researched three keywords and kept one
    const tenant = await createTenantWithStrategy({
      seed_keywords: SEEDS,
      max_difficulty: 100,
      min_volume: 0,
      max_articles_per_cycle: 1,
    });
    const entries = await researchDecided(tenant, await runCycle(tenant));
    const kept = entries
      .find((e) => e.kind === "decision" && e.summary?.startsWith("kept"))
      ?.reasons?.find((r) => r.verdict === "kept")?.subject;

    // When its research is read
    const response = await research(tenant);

    // Then every researched keyword is there once, and the kept one is in progress
    expect(response.status).toBe(200);
    const view = (await response.json()) as ResearchView;
    expect(view.results.map((r) => r.keyword).sort()).toEqual([...SEEDS].sort());
    // (its run may have published it already)
    expect(Object.keys(view.keyword_use)).toEqual([kept]);
    expect(["in progress", "published"]).toContain(view.keyword_use[kept ?? "?"]);

    // And the agent's own picking function, fed with it, now drops the kept keyword
    const strategy = Strategy.parse({ max_difficulty: 100, min_volume: 0 });
    const picks = pickKeywords(view.results, strategy, view.keyword_use);
    expect(picks.reasons.find((r) => r.subject === kept)?.text).toMatch(
      /already (published|written)/,
    );
  });

  it("is empty for a tenant whose agent has no research yet", async () => {
    const tenant = await createTenantWithStrategy({});
    const view = (await (await research(tenant)).json()) as ResearchView;
    expect(view).toEqual({ results: [], keyword_use: {} });
  });

  it("answers 404 for a tenant that does not exist, and 403 to another tenant's token", async () => {
    const tenant = await createTenantWithStrategy({});
    expect((await research(uniqueTenant("missing"))).status).toBe(404);
    const other = await mintToken({ role: "tenant", tenant: uniqueTenant("other") });
    expect((await research(tenant, bearer(other))).status).toBe(403);
  });
});

type Content = {
  content_id: string;
  keyword: string;
  status: string;
  title: string | null;
  word_count: number | null;
  urls: string[];
};

describe("GET /api/tenants/:id/content", () => {
  it("lists each article a cycle wrote with its title, word count and published URL", async () => {
    // Given a tenant whose cycle keeps one keyword and publishes its article
    const tenant = await createTenantWithStrategy({
      seed_keywords: ["budget apps"],
      max_difficulty: 100,
      min_volume: 0,
      social_enabled: false,
    });
    await runCycle(tenant);

    // When its content is read after the publisher answered
    const list = await eventually(
      async () =>
        ((await (await api(`/api/tenants/${tenant}/content`)).json()) as { content: Content[] })
          .content,
      (content) => content[0]?.status === "published",
      30_000,
    );

    // Then the article is there, published, with the page's URL
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ keyword: "budget apps", status: "published" });
    expect(list[0]?.title).toMatch(/Budget Apps/);
    expect(list[0]?.word_count).toBeGreaterThan(100);
    expect(list[0]?.urls[0]).toMatch(new RegExp(`/sites/${tenant}/`));
  });

  it("is empty for a tenant that has written nothing", async () => {
    const tenant = await createTenantWithStrategy({});
    const body = (await (await api(`/api/tenants/${tenant}/content`)).json()) as {
      content: Content[];
      next_cursor: string | null;
    };
    expect(body).toEqual({ content: [], next_cursor: null });
  });

  it("pages through the articles with a cursor, each article once, newest first", async () => {
    // Given a tenant whose cycle wrote three articles
    const tenant = await createTenantWithStrategy({
      seed_keywords: SEEDS,
      max_difficulty: 100,
      min_volume: 0,
      max_articles_per_cycle: 3,
      social_enabled: false,
    });
    await runCycle(tenant);
    const all = await eventually(
      async () =>
        ((await (await api(`/api/tenants/${tenant}/content`)).json()) as { content: Content[] })
          .content,
      (content) => content.length === 3,
      30_000,
    );

    // When they are read two at a time, following next_cursor
    const pages: Content[][] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page = (await (await api(`/api/tenants/${tenant}/content?limit=2${query}`)).json()) as {
        content: Content[];
        next_cursor: string | null;
      };
      pages.push(page.content);
      cursor = page.next_cursor;
    } while (cursor !== null);

    // Then two pages hold the same three articles, in the same order, none twice
    expect(pages.map((p) => p.length)).toEqual([2, 1]);
    expect(pages.flat().map((c) => c.content_id)).toEqual(all.map((c) => c.content_id));

    // And a search by a piece of the keyword, any case, finds the one article
    const found = (await (await api(`/api/tenants/${tenant}/content?q=CRYPTO`)).json()) as {
      content: Content[];
    };
    expect(found.content.map((c) => c.keyword)).toEqual(["crypto tax"]);
  });

  it("answers 400 naming the cursor when it is not one the list gave out", async () => {
    const tenant = await createTenantWithStrategy({});
    const response = await api(`/api/tenants/${tenant}/content?cursor=not-a-cursor`);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain("cursor");
  });
});
