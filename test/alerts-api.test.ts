import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addEvent } from "../agents/ops/alerts/events";
import { api, postJson } from "./support/api";

/**
 * The alerts' HTTP API as an operator uses it. Rules here never fire (their thresholds
 * are out of reach, or they are disabled), so nothing is sent to the webhooks' URLs.
 */
type Problem = { status: number; errors?: { path: string; message: string }[] };

function putJson(path: string, body: unknown): Promise<Response> {
  return api(path, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function problem(response: Response): Promise<Problem> {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as Problem;
}

const ruleId = () => `r-${crypto.randomUUID().slice(0, 8)}`;

describe("alert webhooks", () => {
  it("answers the signing secret once, on creation, and lists webhooks without it", async () => {
    const created = await postJson("/api/alerts/webhooks", { url: "https://hooks.example/a" });
    expect(created.status).toBe(201);
    const { webhook, secret } = (await created.json()) as {
      webhook: { id: string; url: string };
      secret: string;
    };
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

    const listed = await (await api("/api/alerts/webhooks")).json();
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect((listed as { webhooks: { id: string }[] }).webhooks).toContainEqual(
      expect.objectContaining({ id: webhook.id, url: "https://hooks.example/a" }),
    );

    expect((await api(`/api/alerts/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(
      204,
    );
    expect((await api(`/api/alerts/webhooks/${webhook.id}`, { method: "DELETE" })).status).toBe(
      404,
    );
  });

  it("refuses URLs that are not http(s), or that carry credentials, naming the field", async () => {
    for (const url of ["ftp://hooks.example/", "https://me:pw@hooks.example/", "hooks"]) {
      const response = await postJson("/api/alerts/webhooks", { url });
      expect(response.status).toBe(422);
      expect((await problem(response)).errors?.[0]?.path).toBe("url");
    }
  });
});

describe("alert rules", () => {
  it("creates, replaces, lists with its state, and deletes a rule", async () => {
    const id = ruleId();
    const rule = { kind: "dead_letters_above", params: { above: 1_000_000 } };
    const created = await putJson(`/api/alerts/rules/${id}`, rule);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      created: true,
      rule: { id, kind: "dead_letters_above", params: { above: 1_000_000 }, enabled: true },
    });
    const replaced = await putJson(`/api/alerts/rules/${id}`, { ...rule, for_seconds: 120 });
    expect(replaced.status).toBe(200);

    const overview = (await (await api("/api/alerts")).json()) as {
      rules: { id: string; for_seconds: number; states: unknown[] }[];
      kinds: { kind: string }[];
      settings: { evaluate_every_seconds: number; max_attempts: number };
    };
    expect(overview.rules.find((r) => r.id === id)).toMatchObject({ for_seconds: 120, states: [] });
    expect(overview.kinds.map((k) => k.kind)).toEqual([
      "dead_letters_above",
      "failed_runs_per_hour",
      "p99_above",
      "budget_reached",
      "tenant_held_by_quota",
    ]);
    expect(overview.settings).toMatchObject({ evaluate_every_seconds: 30, max_attempts: 8 });

    expect((await api(`/api/alerts/rules/${id}`, { method: "DELETE" })).status).toBe(204);
    expect((await api(`/api/alerts/rules/${id}`, { method: "DELETE" })).status).toBe(404);
  });

  it("refuses a rule of no known kind, or with bad parameters, naming the field", async () => {
    const cases: [unknown, string][] = [
      [{ kind: "cpu_above", params: {} }, "kind"],
      [{ kind: "dead_letters_above", params: { above: -1 } }, "params.above"],
      [{ kind: "p99_above", params: { above_ms: 100 } }, "params.queue"],
      [{ kind: "dead_letters_above", params: { above: 1 }, for_seconds: 1.5 }, "for_seconds"],
    ];
    for (const [body, path] of cases) {
      const response = await putJson(`/api/alerts/rules/${ruleId()}`, body);
      expect(response.status).toBe(422);
      expect((await problem(response)).errors?.map((e) => e.path)).toContain(path);
    }
    const badId = await putJson("/api/alerts/rules/Not%20An%20Id", {
      kind: "dead_letters_above",
      params: { above: 1 },
    });
    expect(badId.status).toBe(400);
    expect((await problem(badId)).errors?.[0]?.path).toBe("id");
  });
});

describe("alert deliveries", () => {
  it("are listed by status, with a cursor that is checked", async () => {
    const page = await api("/api/alerts/deliveries?status=dead&limit=5");
    expect(page.status).toBe(200);
    expect(await page.json()).toMatchObject({ deliveries: expect.any(Array) });

    expect((await api("/api/alerts/deliveries?status=lost")).status).toBe(400);
    const badCursor = await api("/api/alerts/deliveries?cursor=bm90LW91cnM");
    expect(badCursor.status).toBe(400);
    expect((await problem(badCursor)).errors?.[0]?.path).toBe("cursor");
  });

  it("answers 404 for a redrive of a delivery there is not", async () => {
    const response = await api("/api/alerts/deliveries/999999999/redrive", { method: "POST" });
    expect(response.status).toBe(404);
    expect((await api("/api/alerts/deliveries/abc/redrive", { method: "POST" })).status).toBe(404);
  });

  it("are for operators only", async () => {
    expect((await api("/api/alerts", {}, "none")).status).toBe(401);
  });
});

describe("alert events", () => {
  it("are listed newest first a page at a time, by rule and tenant", async () => {
    // Given five events of a rule of its own, three of them for one tenant
    const rule = ruleId();
    const at = "2030-01-01T00:00:00.000Z";
    await runInDurableObject(env.OPS_AGENT.getByName("main"), (_agent, state) => {
      for (let i = 0; i < 5; i++) {
        addEvent(
          state.storage.sql,
          {
            id: `ev-${rule}-${i}`,
            type: "alert.firing",
            at,
            rule: { id: rule, kind: "dead_letters_above", params: { above: 0 }, for_seconds: 0 },
            tenant_id: i < 3 ? "acme" : null,
            value: i,
            threshold: 0,
            summary: `firing ${i}`,
            firing_since: at,
          },
          Date.parse(at),
        );
      }
    });
    type Page = { events: { id: string; tenant_id: string | null }[]; next_before: number | null };
    const page = async (query: string) =>
      (await (await api(`/api/alerts/events?rule=${rule}&${query}`)).json()) as Page;

    // When they are read two at a time, following next_before
    const ids: string[] = [];
    let before: number | null = null;
    do {
      const next: Page = await page(`limit=2${before === null ? "" : `&before=${before}`}`);
      ids.push(...next.events.map((e) => e.id));
      before = next.next_before;
    } while (before !== null);

    // Then all five come, newest first, once each; and the tenant's three by its filter
    expect(ids).toEqual([4, 3, 2, 1, 0].map((i) => `ev-${rule}-${i}`));
    expect((await page("tenant=acme")).events.map((e) => e.id)).toEqual(
      [2, 1, 0].map((i) => `ev-${rule}-${i}`),
    );
    expect((await api("/api/alerts/events?before=zero")).status).toBe(400);
  });
});
