import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import { markArticleReady } from "../../agents/tenant/articles";
import { createMessage } from "../../events";
import { api, createTenant, uniqueTenant } from "../../test/support/api";
import { outboxTypes } from "../../test/support/queue";

const markdown = `# Winter Tyres\n\nWhy they matter.\n\n## Grip\n\nSoft rubber <b>grips</b>.\n`;

/**
 * Stores an article in the tenant's agent and releases it for publishing, as its content
 * run `runId` would (its publish step marks it ready); `released: false` only stores it.
 */
async function storedArticle(
  tenant: string,
  contentId: string,
  runId = contentId,
  text = markdown,
  released = true,
) {
  const agent = await getAgentByName(env.TENANT_AGENT, tenant);
  await runInDurableObject(agent, async (object, state) => {
    await object.storeArticle({
      content_id: contentId,
      run_id: runId,
      keyword: "winter tyres",
      title: "Winter Tyres",
      slug: "winter-tyres",
      markdown: text,
      summary: "Why they matter.",
      word_count: 7,
      correlation_id: null,
      cause_id: null,
    });
    // Released without its announcement: these tests hand the publisher its commands.
    if (released) markArticleReady(state.storage.sql, contentId, runId, new Date().toISOString());
  });
}

function publish(tenant: string, contentId: string) {
  return createMessage(
    "content.publish",
    { content_id: contentId, keyword: "winter tyres" },
    { tenant_id: tenant, source: "test" },
  );
}

describe("the publisher", () => {
  it("publishes a command delivered twice once: one page, one content.published", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    await storedArticle(tenant, "c-1");
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);
    const command = publish(tenant, "c-1");

    const first = await publisher.handle([command]);
    const second = await publisher.handle([command]);

    expect(first).toEqual([{ event_id: command.event_id, status: "applied" }]);
    expect(second).toEqual([{ event_id: command.event_id, status: "duplicate" }]);
    expect(await publisher.listPublications()).toHaveLength(1);
    expect(await outboxTypes(publisher)).toEqual(["content.published"]);
  });

  it("publishes an article once even when asked by two different commands", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    await storedArticle(tenant, "c-1");
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);

    const outcomes = await publisher.handle([publish(tenant, "c-1"), publish(tenant, "c-1")]);

    expect(outcomes.map((o) => o.status)).toEqual(["applied", "duplicate"]);
    expect(await outboxTypes(publisher)).toEqual(["content.published"]);
  });

  it("publishes a rewrite of the same content again, at the same address", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);
    await storedArticle(tenant, "c-1");
    await publisher.handle([publish(tenant, "c-1")]);

    // A later run rewrites the article under the same content id
    await storedArticle(tenant, "c-1", "run-2", `${markdown}\n## Updated\n\nNew advice.\n`);
    const [outcome] = await publisher.handle([publish(tenant, "c-1")]);

    expect(outcome?.status).toBe("applied");
    expect(await publisher.listPublications()).toHaveLength(1);
    expect(await outboxTypes(publisher)).toEqual(["content.published", "content.published"]);
    const page = await api(`/sites/${tenant}/winter-tyres`, {}, "none");
    expect(await page.text()).toContain("New advice.");
  });

  it("tells analytics which article is live at a URL, and since its latest publishing", async () => {
    // Given an article published, then rewritten and published again
    const tenant = await createTenant(uniqueTenant("pub"));
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);
    await storedArticle(tenant, "c-1");
    await publisher.handle([publish(tenant, "c-1")]);
    await storedArticle(tenant, "c-1", "run-2");
    await publisher.handle([publish(tenant, "c-1")]);
    const [live] = await publisher.listPublications();

    // When its URL and an unknown one are read
    const pages = await publisher.pagesAt([live?.url ?? "", "https://brand.example/none"]);

    // Then the one page comes back, with the time of its latest publishing
    expect(pages).toEqual([
      { url: live?.url, content_id: "c-1", published_at: live?.published_at },
    ]);
  });

  it("serves the page with the article rendered and its HTML shown as text", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    await storedArticle(tenant, "c-1");
    await env.PUBLISHER_SERVICE.getByName(tenant).handle([publish(tenant, "c-1")]);

    const page = await api(`/sites/${tenant}/winter-tyres`);
    const html = await page.text();

    expect(page.status).toBe(200);
    // The page's own policy: its inline styles load, no script can run.
    expect(page.headers.get("content-security-policy")).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(html).toContain('<h2 id="grip">Grip</h2>');
    expect(html).toContain("Soft rubber &lt;b&gt;grips&lt;/b&gt;.");
    const index = await (await api(`/sites/${tenant}`)).text();
    expect(index).toContain(`href="/sites/${tenant}/winter-tyres"`);
  });

  it("serves a javascript: link in an article as text, not as a link", async () => {
    // Given an article whose markdown links to a script
    const tenant = await createTenant(uniqueTenant("pub"));
    await storedArticle(tenant, "c-1", "c-1", `${markdown}\n[Grip chart](javascript:alert(1))\n`);
    await env.PUBLISHER_SERVICE.getByName(tenant).handle([publish(tenant, "c-1")]);

    // When anyone reads its page
    const html = await (await api(`/sites/${tenant}/winter-tyres`, {}, "none")).text();

    // Then the link is there to read, and is no link
    expect(html).toContain("[Grip chart](javascript:alert(1))");
    expect(html).not.toMatch(/href="javascript/i);
  });

  it("announces the page at an absolute URL under the public origin", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    await storedArticle(tenant, "c-1");
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);
    await publisher.handle([publish(tenant, "c-1")]);
    const [publication] = await publisher.listPublications();
    expect(publication?.url).toBe(`${env.PUBLIC_ORIGIN}/sites/${tenant}/winter-tyres`);
  });

  it("rejects a command for an article that was never stored", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    const command = publish(tenant, "c-missing");
    const [outcome] = await env.PUBLISHER_SERVICE.getByName(tenant).handle([command]);
    expect(outcome).toMatchObject({
      status: "rejected",
      reason: expect.stringMatching(/c-missing/),
    });
  });

  it("rejects a command for an article its run has not released, and publishes nothing", async () => {
    // Given an article its run stored but has not released (it waits for approval, say)
    const tenant = await createTenant(uniqueTenant("pub"));
    await storedArticle(tenant, "c-1", "c-1", markdown, false);
    const publisher = env.PUBLISHER_SERVICE.getByName(tenant);

    // When a command asks for it to be published
    const [outcome] = await publisher.handle([publish(tenant, "c-1")]);

    // Then the publisher refuses it for good, saying why, and nothing goes live
    expect(outcome).toMatchObject({
      status: "rejected",
      reason: expect.stringMatching(/c-1 is not released for publishing.*nothing was published/),
    });
    expect(await publisher.listPublications()).toEqual([]);
    expect(await outboxTypes(publisher)).toEqual([]);
  });

  it("answers 404 for a page or a site that does not exist", async () => {
    const tenant = await createTenant(uniqueTenant("pub"));
    expect((await api(`/sites/${tenant}/nothing-here`)).status).toBe(404);
    expect((await api(`/sites/${uniqueTenant("nobody")}`)).status).toBe(404);
    expect((await api(`/sites/${tenant}/..%2F..%2Fetc`)).status).toBe(404);
  });
});
