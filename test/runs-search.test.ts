import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { getAgentByName } from "agents";
import { describe, expect, it } from "vitest";
import { requestRuns } from "../agents/tenant/run-store";
import { api, createTenant, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";
import { runRequest } from "./support/content";

/**
 * GET /api/runs: runs across tenants with search, a page at a time. Runs are written
 * straight into each tenant's agent, as a decision records them (none is started), with
 * the times and states each test needs.
 */

type Run = { tenant_id?: string; run_id: string; keyword: string; requested_at: string };
type Page = { runs: Run[]; next_cursor: string | null };

type Seed = {
  run_id: string;
  keyword: string;
  at: string;
  status?: string;
  step?: string;
};

/** Records these runs in the tenant's agent, each at its time, with its status and step. */
async function seed(tenant: string, runs: Seed[]): Promise<void> {
  const stub = await getAgentByName(env.TENANT_AGENT, tenant);
  await runInDurableObject(stub, (_agent, state) => {
    const sql = state.storage.sql;
    for (const run of runs) {
      requestRuns(
        sql,
        `decision-${run.run_id}`,
        [runRequest(run.run_id, { keyword: run.keyword })],
        run.at,
      );
      sql.exec(
        "UPDATE runs SET status = ?, step = ? WHERE run_id = ?",
        run.status ?? "requested",
        run.step ?? null,
        run.run_id,
      );
    }
  });
}

async function page(query: string): Promise<Page> {
  const response = await api(`/api/runs?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
}

/** Every page of `query`, following `next_cursor` until it is null. */
async function allPages(query: string): Promise<Page[]> {
  const pages = [await page(query)];
  for (let next = pages[0]?.next_cursor; next; next = pages.at(-1)?.next_cursor) {
    pages.push(await page(`${query}&cursor=${encodeURIComponent(next)}`));
    expect(pages.length).toBeLessThan(50);
  }
  return pages;
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 20, 9, minute)).toISOString();

/** Two tenants' runs, each keyword carrying `token` so searches find this test's runs only. */
async function twoTenants(token: string) {
  const a = await createTenant(uniqueTenant("rsa"));
  const b = await createTenant(uniqueTenant("rsb"));
  await seed(a, [
    { run_id: `${a}-1`, keyword: `${token} solar`, at: at(1), status: "complete" },
    { run_id: `${a}-2`, keyword: `${token} wind`, at: at(3), status: "errored" },
    {
      run_id: `${a}-3`,
      keyword: `${token} hydro`,
      at: at(5),
      status: "running",
      step: "wait for approval",
    },
    { run_id: `${a}-4`, keyword: `${token} tidal`, at: at(7), status: "running", step: "draft" },
    // The same time and run id in both tenants: the order breaks the tie by tenant.
    { run_id: `${token}-same`, keyword: `${token} twin`, at: at(8) },
  ]);
  await seed(b, [
    { run_id: `${b}-1`, keyword: `${token} geothermal`, at: at(2), status: "errored" },
    {
      run_id: `${b}-2`,
      keyword: `${token} biomass`,
      at: at(4),
      status: "running",
      step: "wait for approval",
    },
    { run_id: `${b}-3`, keyword: `${token} nuclear`, at: at(6), status: "complete" },
    { run_id: `${token}-same`, keyword: `${token} twin`, at: at(8) },
  ]);
  return { a, b };
}

describe("searching runs across tenants", () => {
  it("pages through every matching run of both tenants exactly once, newest first", async () => {
    // Given nine runs in two tenants
    const token = `zq${crypto.randomUUID().slice(0, 6)}`;
    const { a, b } = await twoTenants(token);

    // When they are read two at a time, by a piece of their keyword in another case
    const pages = await allPages(`q=${token.toUpperCase()}&limit=2`);

    // Then each run comes once, with its tenant, newest first (a tie by tenant, "rsb-" first),
    // and the last page says so
    const runs = pages.flatMap((p) => p.runs);
    expect(runs.map((r) => `${r.tenant_id}/${r.run_id}`)).toEqual([
      `${b}/${token}-same`,
      `${a}/${token}-same`,
      `${a}/${a}-4`,
      `${b}/${b}-3`,
      `${a}/${a}-3`,
      `${b}/${b}-2`,
      `${a}/${a}-2`,
      `${b}/${b}-1`,
      `${a}/${a}-1`,
    ]);
    expect(pages.every((p) => p.runs.length <= 2)).toBe(true);
    expect(pages.at(-1)?.next_cursor).toBeNull();
  });

  it("narrows by status, by the approval wait, by step, by tenant, by run id and by time", async () => {
    const token = `zq${crypto.randomUUID().slice(0, 6)}`;
    const { a, b } = await twoTenants(token);
    const ids = async (query: string) =>
      (await allPages(`q=${token}&limit=1&${query}`)).flatMap((p) => p.runs).map((r) => r.run_id);

    expect(await ids("status=errored")).toEqual([`${a}-2`, `${b}-1`]);
    expect(await ids("status=waiting%20for%20approval")).toEqual([`${a}-3`, `${b}-2`]);
    expect(await ids("step=draft")).toEqual([`${a}-4`]);
    expect(await ids(`tenant=${b}&status=complete`)).toEqual([`${b}-3`]);
    expect((await page(`q=${a}-4`)).runs.map((r) => r.run_id)).toEqual([`${a}-4`]);
    expect(
      await ids(`since=${encodeURIComponent(at(3))}&until=${encodeURIComponent(at(5))}`),
    ).toEqual([`${b}-2`, `${a}-2`]);
  });

  it("refuses a bad cursor, status, tenant or time range with a 400 naming the field", async () => {
    const problem = async (query: string) => {
      const response = await api(`/api/runs?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toContain("application/problem+json");
      return ((await response.json()) as { errors: { path: string }[] }).errors.map((e) => e.path);
    };
    expect(await problem("cursor=not-a-cursor")).toEqual(["cursor"]);
    expect(await problem("status=stuck")).toEqual(["status"]);
    expect(await problem(`tenant=${uniqueTenant("nobody")}`)).toEqual(["tenant"]);
    expect(await problem(`since=${at(5)}&until=${at(1)}`)).toEqual(["until"]);
    expect(await problem("limit=201")).toEqual(["limit"]);
  });

  it("is for operators: a tenant's token may not search across tenants", async () => {
    const tenant = await createTenant(uniqueTenant("rsc"));
    const token = await mintToken({ role: "tenant", tenant });
    const response = await api(`/api/runs?tenant=${tenant}`, { headers: bearer(token) });
    expect(response.status).toBe(403);
  });
});

describe("one tenant's runs a page at a time", () => {
  it("gives a cursor while more runs remain, and the pages hold each run once", async () => {
    // Given a tenant with five runs
    const tenant = await createTenant(uniqueTenant("rsp"));
    await seed(
      tenant,
      [1, 2, 3, 4, 5].map((n) => ({ run_id: `${tenant}-${n}`, keyword: `kw ${n}`, at: at(n) })),
    );

    // When its runs are read two at a time
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
      const response = await api(`/api/tenants/${tenant}/runs?limit=2${query}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as Page;
      seen.push(...body.runs.map((r) => r.run_id));
      cursor = body.next_cursor;
    } while (cursor);

    // Then every run comes once, newest first
    expect(seen).toEqual([5, 4, 3, 2, 1].map((n) => `${tenant}-${n}`));
    const bad = await api(`/api/tenants/${tenant}/runs?cursor=zzz`);
    expect(bad.status).toBe(400);
  });
});
