import { runInDurableObject } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api, createTenant, postJson, uniqueTenant } from "./support/api";
import { bearer, mintToken } from "./support/auth";

type Versioned = { version: number; strategy: Record<string, unknown> };

function put(path: string, body: unknown): Promise<Response> {
  return api(path, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function json<T>(response: Response | Promise<Response>): Promise<T> {
  return (await (await response).json()) as T;
}

/** The agent's cron schedules that run its cycle, with their crons. */
async function cycleSchedules(tenant: string) {
  return runInDurableObject(env.TENANT_AGENT.getByName(tenant), async (agent) =>
    agent
      .getSchedules({ type: "cron" })
      .flatMap((s) => (s.type === "cron" && s.callback === "runCycle" ? [{ cron: s.cron }] : [])),
  );
}

describe("a tenant's strategy", () => {
  it("starts at version 1 with the defaults", async () => {
    const tenant = await createTenant();
    const body = await json<Versioned>(api(`/api/tenants/${tenant}/strategy`));
    expect(body.version).toBe(1);
    expect(body.strategy).toMatchObject({ cycle_cron: "0 6 * * *", max_difficulty: 40 });
  });

  it("starts with the strategy given when the tenant is created", async () => {
    const id = uniqueTenant();
    const response = await postJson("/api/tenants", {
      id,
      name: "Brand",
      strategy: { seed_keywords: ["budget apps"], cycle_cron: "*/30 * * * *" },
    });
    expect(response.status).toBe(201);
    const body = await json<Versioned>(api(`/api/tenants/${id}/strategy`));
    expect(body).toMatchObject({
      version: 1,
      strategy: { seed_keywords: ["budget apps"], cycle_cron: "*/30 * * * *" },
    });
    expect((await cycleSchedules(id)).map((s) => s.cron)).toEqual(["*/30 * * * *"]);
  });

  it("refuses to create a tenant with an invalid strategy, with 422 and the field, and creates nothing", async () => {
    const id = uniqueTenant();
    const response = await postJson("/api/tenants", {
      id,
      name: "Brand",
      strategy: { cycle_cron: "every day" },
    });
    expect(response.status).toBe(422);
    const problem = await json<{ errors: { path: string }[] }>(response);
    expect(problem.errors.map((e) => e.path)).toEqual(["strategy.cycle_cron"]);
    expect((await api(`/api/tenants/${id}`)).status).toBe(404);
  });

  it("takes a new strategy with PUT and answers with its new version", async () => {
    const tenant = await createTenant();
    const response = await put(`/api/tenants/${tenant}/strategy`, {
      seed_keywords: ["budget apps"],
      max_difficulty: 60,
    });
    expect(response.status).toBe(200);
    const body = await json<Versioned>(response);
    expect(body.version).toBe(2);
    expect(body.strategy).toMatchObject({ seed_keywords: ["budget apps"], max_difficulty: 60 });
    expect(await json<Versioned>(api(`/api/tenants/${tenant}/strategy`))).toEqual(body);
  });

  it("refuses an invalid strategy with 422, an error per field, and keeps the version it had", async () => {
    const tenant = await createTenant();
    const response = await put(`/api/tenants/${tenant}/strategy`, {
      max_difficulty: 101,
      cycle_cron: "61 * * * *",
      colour: "red",
    });
    expect(response.status).toBe(422);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    const problem = await json<{ errors: { path: string; message: string }[] }>(response);
    expect(problem.errors.map((e) => e.path).sort()).toEqual(["", "cycle_cron", "max_difficulty"]);
    expect((await json<Versioned>(api(`/api/tenants/${tenant}/strategy`))).version).toBe(1);
  });

  it("makes no new version when the same strategy is put again", async () => {
    const tenant = await createTenant();
    await put(`/api/tenants/${tenant}/strategy`, { max_difficulty: 60 });
    const again = await json<Versioned>(
      put(`/api/tenants/${tenant}/strategy`, { max_difficulty: 60 }),
    );
    expect(again.version).toBe(2);
  });

  it("lists its versions, newest first, and rolls back by making a new version equal to an old one", async () => {
    const tenant = await createTenant();
    await put(`/api/tenants/${tenant}/strategy`, { max_difficulty: 60 });
    await put(`/api/tenants/${tenant}/strategy`, { max_difficulty: 70 });

    const rolled = await postJson(`/api/tenants/${tenant}/strategy/rollback`, { version: 2 });
    expect(rolled.status).toBe(200);
    expect(await json<Versioned>(rolled)).toMatchObject({
      version: 4,
      strategy: { max_difficulty: 60 },
    });

    const history = await json<{ versions: { version: number; note: string }[] }>(
      api(`/api/tenants/${tenant}/strategy/versions`),
    );
    expect(history.versions.map((v) => [v.version, v.note])).toEqual([
      [4, "rolled back to v2"],
      [3, "updated"],
      [2, "updated"],
      [1, "created"],
    ]);

    // And read three at a time, the history comes in two pages, the last saying so
    type Page = { versions: { version: number }[]; next_before: number | null };
    const first = await json<Page>(api(`/api/tenants/${tenant}/strategy/versions?limit=3`));
    expect(first.versions.map((v) => v.version)).toEqual([4, 3, 2]);
    expect(first.next_before).toBe(2);
    const second = await json<Page>(
      api(`/api/tenants/${tenant}/strategy/versions?limit=3&before=${first.next_before}`),
    );
    expect(second).toMatchObject({ versions: [{ version: 1 }], next_before: null });
  });

  it("names who made each version: the operator who created the tenant, the tenant who changed it", async () => {
    // Given a tenant an operator created, and the tenant's own token
    const tenant = await createTenant();
    const subject = `tenant:${tenant}`;
    const token = await mintToken({ role: "tenant", tenant, subject });

    // When the tenant changes its strategy, then rolls it back
    const asTenant = { ...bearer(token), "content-type": "application/json" };
    const changed = await api(`/api/tenants/${tenant}/strategy`, {
      method: "PUT",
      headers: asTenant,
      body: JSON.stringify({ max_difficulty: 55 }),
    });
    expect(changed.status).toBe(200);
    const rolled = await api(`/api/tenants/${tenant}/strategy/rollback`, {
      method: "POST",
      headers: asTenant,
      body: JSON.stringify({ version: 1 }),
    });
    expect(rolled.status).toBe(200);

    // Then the history names the tenant for both, and an operator for the first.
    const history = await json<{ versions: { version: number; author: string | null }[] }>(
      api(`/api/tenants/${tenant}/strategy/versions`),
    );
    const authors = history.versions.map((v) => [v.version, v.author]);
    expect(authors.slice(0, 2)).toEqual([
      [3, subject],
      [2, subject],
    ]);
    expect(authors[2]?.[1]).toMatch(/operator/);
  });

  it("answers 404 for a rollback to a version that does not exist, and 422 for a malformed one", async () => {
    const tenant = await createTenant();
    expect(
      (await postJson(`/api/tenants/${tenant}/strategy/rollback`, { version: 9 })).status,
    ).toBe(404);
    expect(
      (await postJson(`/api/tenants/${tenant}/strategy/rollback`, { version: "two" })).status,
    ).toBe(422);
  });

  it("answers 404 for the strategy of a tenant that does not exist", async () => {
    expect((await api(`/api/tenants/${uniqueTenant("none")}/strategy`)).status).toBe(404);
  });
});

describe("a tenant's cycle schedule", () => {
  it("exists from the tenant's creation, on the strategy's cron", async () => {
    const tenant = await createTenant();
    expect((await cycleSchedules(tenant)).map((s) => s.cron)).toEqual(["0 6 * * *"]);
  });

  it("is replaced, not added to, when the cron changes: one schedule after two changes", async () => {
    const tenant = await createTenant();
    await put(`/api/tenants/${tenant}/strategy`, { cycle_cron: "*/5 * * * *" });
    await put(`/api/tenants/${tenant}/strategy`, { cycle_cron: "0 12 * * 1" });
    expect((await cycleSchedules(tenant)).map((s) => s.cron)).toEqual(["0 12 * * 1"]);
  });

  it("follows a rollback back to the old cron", async () => {
    const tenant = await createTenant();
    await put(`/api/tenants/${tenant}/strategy`, { cycle_cron: "*/5 * * * *" });
    await postJson(`/api/tenants/${tenant}/strategy/rollback`, { version: 1 });
    expect((await cycleSchedules(tenant)).map((s) => s.cron)).toEqual(["0 6 * * *"]);
  });
});
