import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { TokenBuckets } from "../platform/limits/token-bucket";
import { createSiteApp } from "../services/publisher/site-app";
import { registeredInIsolate, siteApp } from "../worker/http/site";
import {
  DIRECTORY_TTL_MS,
  forgetRegistry,
  isRegisteredTenant,
} from "../worker/routing/tenant-registry";
import { api, createTenant, eventually, uniqueTenant } from "./support/api";
import { startContentRun, uniqueRunId } from "./support/content";

const KEYWORD = "winter <svg onload=alert(1)> tyres";

/** The Worker's env with an OpsAgent namespace that counts the stubs asked of it. */
function countingOps() {
  const calls = { n: 0 };
  const ops: Pick<Env["OPS_AGENT"], "getByName"> = {
    getByName: (name) => {
      calls.n++;
      return env.OPS_AGENT.getByName(name);
    },
  };
  return { env: { ...env, OPS_AGENT: ops } as Env, calls };
}

/** A page request from one client (Cloudflare names it in CF-Connecting-IP). */
function read(app: typeof siteApp, path: string, client: string, workerEnv: Env = env) {
  return app.request(path, { headers: { "cf-connecting-ip": client } }, workerEnv);
}

describe("a published page", () => {
  it("shows a keyword's markup as text, in the article and in the site index", async () => {
    // Given a tenant whose content run writes about a keyword carrying markup
    const tenant = await createTenant(uniqueTenant("xss"));
    await startContentRun(tenant, uniqueRunId(tenant), { keyword: KEYWORD });
    const { publications } = await eventually(
      async () =>
        (await (await api(`/services/publisher/${tenant}/publications`)).json()) as {
          publications: { url: string }[];
        },
      (body) => body.publications.length > 0,
      20_000,
    );
    const path = new URL(publications[0]?.url ?? "").pathname;

    // When anyone reads the page and the site's index
    const page = await (await api(path, {}, "none")).text();
    const index = await (await api(`/sites/${tenant}`, {}, "none")).text();

    // Then the markup is there to read, as text, and nowhere as an element
    expect(page).toContain("&lt;svg onload=alert(1)&gt;");
    expect(page).toMatch(/<title>[^<]*&lt;svg Onload=alert\(1\)&gt;/);
    expect(index).toContain("&lt;svg");
    for (const html of [page, index]) expect(html).not.toMatch(/<svg|onload=alert\(1\)>/i);
  });
});

describe("the published sites, under a flood", () => {
  it("answer made-up sites with 404 without asking the OpsAgent for each", async () => {
    // Given a registered tenant, and an isolate that has not yet read the registry
    const tenant = await createTenant(uniqueTenant("site"));
    forgetRegistry();
    const counted = countingOps();
    const first = await read(siteApp, `/sites/${uniqueTenant("nobody")}`, "192.0.2.1", counted.env);
    expect(first.status).toBe(404);
    // (the first request read the registry, once)
    expect(counted.calls.n).toBe(1);

    // When 200 anonymous clients each ask for a site that does not exist
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        read(siteApp, `/sites/${uniqueTenant("random")}`, `10.0.${i >> 8}.${i & 255}`, counted.env),
      ),
    );

    // Then every one gets the 404 page, and the OpsAgent was not asked again
    expect(answers.map((r) => r.status)).toEqual(Array(200).fill(404));
    expect(await answers[0]?.text()).toContain("<h1>Not found</h1>");
    expect(counted.calls.n).toBe(1);
    // And the tenant that does exist is still served from the same copy
    expect((await read(siteApp, `/sites/${tenant}`, "192.0.2.2", counted.env)).status).toBe(200);
    expect(counted.calls.n).toBe(1);
  });

  it("answers a burst from one client with 429 and Retry-After, and still serves another", async () => {
    // Given the sites with a burst of 3 per client, on a clock that does not move
    const app = createSiteApp(
      registeredInIsolate,
      new TokenBuckets({ burst: 3, ratePerSecond: 1 }, () => 0),
    );
    const tenant = await createTenant(uniqueTenant("site"));

    // When one client asks for more pages than its burst
    const burst = [];
    for (let i = 0; i < 4; i++) burst.push(await read(app, `/sites/${tenant}`, "203.0.113.7"));

    // Then the burst is served and the next request is refused, as a problem with a hint
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    const limited = burst[3];
    expect(limited?.headers.get("content-type")).toBe("application/problem+json");
    expect(limited?.headers.get("retry-after")).toBe("1");
    expect(await limited?.json()).toMatchObject({ status: 429, title: "Too many requests" });
    // And another client is served as before
    expect((await read(app, `/sites/${tenant}`, "198.51.100.9")).status).toBe(200);
  });

  it("counts an IPv6 client by its /64, so new addresses in it do not reset the limit", async () => {
    const app = createSiteApp(
      registeredInIsolate,
      new TokenBuckets({ burst: 1, ratePerSecond: 1 }, () => 0),
    );
    const site = `/sites/${uniqueTenant("nobody")}`;
    expect((await read(app, site, "2001:db8:1:2::a")).status).toBe(404);
    expect((await read(app, site, "2001:db8:1:2:ffff::b")).status).toBe(429);
    expect((await read(app, site, "2001:db8:1:3::a")).status).toBe(404);
  });

  it("throttles the Worker's own /sites routes per client", async () => {
    // Given one client hammering a made-up site through the Worker, as fast as it can
    const site = `/sites/${uniqueTenant("nobody")}`;
    let limited: Response | undefined;
    for (let attempt = 0; attempt < 500 && !limited; attempt++) {
      const response = await api(site, { headers: { "cf-connecting-ip": "192.0.2.99" } }, "none");
      if (response.status === 429) limited = response;
      else expect(response.status).toBe(404);
    }

    // Then it is refused with a problem and a Retry-After
    expect(limited?.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    // And a reader elsewhere is not held back
    const other = await api(site, { headers: { "cf-connecting-ip": "192.0.2.100" } }, "none");
    expect(other.status).toBe(404);
  });
});

describe("the isolate's copy of the registry", () => {
  it("finds a tenant registered elsewhere once the copy is older than DIRECTORY_TTL_MS", async () => {
    // Given an isolate that read the registry at t0
    forgetRegistry();
    const t0 = Date.now();
    const id = uniqueTenant("late");
    expect(await isRegisteredTenant(env, id, t0)).toEqual({ registered: false, asked: true });

    // When another isolate registers a tenant
    await env.OPS_AGENT.getByName("main").createTenant({ id, name: "Late" });

    // Then this isolate answers from its copy until it expires, then asks and finds it
    expect(await isRegisteredTenant(env, id, t0 + 1)).toEqual({ registered: false, asked: false });
    expect(await isRegisteredTenant(env, id, t0 + DIRECTORY_TTL_MS + 1)).toEqual({
      registered: true,
      asked: true,
    });
  });
});
