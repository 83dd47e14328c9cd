import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { deadLetterId } from "../agents/ops/dead-letters";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { requestRun, runRequest } from "./support/content";
import { createTenantWithStrategy, runCycle } from "./support/tenant";

/** GET /api/lookup/:id: any id or page URL → what it is, its tenant and its chain. */

type Found = {
  id: string;
  kind: string;
  tenant_id: string | null;
  correlation_id: string | null;
  trace_url: string | null;
};
type Run = { run_id: string; content_id: string; status: string; correlation_id: string };

const ops = () => env.OPS_AGENT.getByName("main");

async function lookup(id: string, init: RequestInit = {}, query = ""): Promise<Response> {
  return api(`/api/lookup/${encodeURIComponent(id)}${query}`, init);
}

async function found(id: string): Promise<Found> {
  const response = await lookup(id);
  expect(response.status).toBe(200);
  return (await response.json()) as Found;
}

/** A tenant whose cycle published one article: its chain, run and page. */
async function publishedTenant() {
  const tenant = await createTenantWithStrategy({
    seed_keywords: ["compost bins"],
    max_difficulty: 100,
    min_volume: 0,
  });
  const chain = await runCycle(tenant);
  const runs = await eventually(
    async () => ((await (await api(`/api/tenants/${tenant}/runs`)).json()) as { runs: Run[] }).runs,
    (list) => list[0]?.status === "complete",
    30_000,
  );
  const run = runs[0] as Run;
  const { content } = await eventually(
    async () =>
      (await (await api(`/api/tenants/${tenant}/content`)).json()) as {
        content: { urls: string[] }[];
      },
    (body) => (body.content[0]?.urls.length ?? 0) > 0,
    30_000,
  );
  const { events } = (await (
    await api(`/api/events?tenant=${tenant}&type=research.completed`)
  ).json()) as { events: { event_id: string; correlation_id: string }[] };
  return { tenant, chain, run, url: content[0]?.urls[0] ?? "", event: events[0] };
}

describe("looking up an id", () => {
  it("resolves each kind of id to its tenant and chain, with the trace's address", async () => {
    // Given a tenant whose cycle published an article, and a dead letter of its chain
    const { tenant, chain, run, url, event } = await publishedTenant();
    const letterEvent = crypto.randomUUID();
    const letter = deadLetterId("events", tenant, letterEvent);
    await ops().recordDeadLetters([
      {
        id: letter,
        queue: "events",
        reason: "a test letter",
        attempts: 1,
        event_id: letterEvent,
        type: "research.completed",
        tenant_id: tenant,
        body: JSON.stringify({ event_id: letterEvent, tenant_id: tenant, correlation_id: chain }),
        seen_at: new Date().toISOString(),
      },
    ]);

    // When each is looked up, then each names its kind, the tenant and the chain
    const trace_url = `/api/trace/${encodeURIComponent(chain)}?tenant=${tenant}`;
    const expected = { tenant_id: tenant, correlation_id: chain, trace_url };
    expect(await found(chain)).toEqual({ id: chain, kind: "correlation", ...expected });
    expect(await found(run.run_id)).toEqual({ id: run.run_id, kind: "run", ...expected });
    expect(await found(event?.event_id ?? "")).toMatchObject({ kind: "event", ...expected });
    expect(await found(letter)).toMatchObject({ kind: "letter", ...expected });
    expect(await found(letterEvent)).toMatchObject({ kind: "letter", ...expected });
    expect(await found(url)).toMatchObject({ kind: "page", ...expected });
    expect(await found(new URL(url).pathname)).toMatchObject({ kind: "page", ...expected });
    // a content id names the chain of its newest run (a rewrite's run has an id of its own)
    const contentId = `content-${crypto.randomUUID().slice(0, 8)}`;
    await requestRun(tenant, [
      runRequest(`${tenant}-rewrite`, { content_id: contentId, correlation_id: chain }),
    ]);
    expect(await found(contentId)).toEqual({ id: contentId, kind: "content", ...expected });

    // And the tenant itself finds its own id by naming its tenant
    const own = bearer(await mintToken({ role: "tenant", tenant }));
    const mine = await lookup(run.run_id, { headers: own }, `?tenant=${tenant}`);
    expect(mine.status).toBe(200);
    expect(((await mine.json()) as Found).kind).toBe("run");
  });

  it("keeps a tenant to its own ids", async () => {
    // Given a run of another tenant, and a tenant's token
    const { tenant: other, run, url } = await publishedTenant();
    const tenant = await createTenant(uniqueTenant("look"));
    const token = bearer(await mintToken({ role: "tenant", tenant }));

    // When the tenant looks them up in its own tenant, they are not found there
    for (const id of [run.run_id, url]) {
      const response = await lookup(id, { headers: token }, `?tenant=${tenant}`);
      expect(response.status).toBe(404);
    }
    // and it may not name the other tenant, nor leave its tenant out
    expect((await lookup(run.run_id, { headers: token }, `?tenant=${other}`)).status).toBe(403);
    expect((await lookup(run.run_id, { headers: token })).status).toBe(403);
  });

  it("answers 404 for an id nobody knows, saying which kinds were tried", async () => {
    const response = await lookup(`nobody-${crypto.randomUUID()}`);
    expect(response.status).toBe(404);
    expect(response.headers.get("content-type")).toContain("application/problem+json");
    const { detail } = (await response.json()) as { detail: string };
    expect(detail).toContain("event, correlation, run, content or dead-letter id, or page URL");
    expect((await lookup("/sites/nobody-here/some-page")).status).toBe(404);
  });
});
