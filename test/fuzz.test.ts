import { exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import {
  api,
  createTenant,
  eventually,
  postJson,
  researchCompleted,
  uniqueTenant,
} from "./support/api";
import { bearer, mintToken } from "./support/auth";
import {
  deepJson,
  deepObjectJson,
  encodeOdd,
  invalidUtf8,
  malformedJson,
  oddString,
  type Prng,
  prng,
  wrongType,
} from "./support/fuzz";

/**
 * Hostile input to every endpoint: each case must get a 4xx problem+json (never a 500,
 * never a success) and, at the end, nothing may have changed: the tenant list, the
 * tenant's counters and its event log are as they were. Seeded: the same cases each run.
 */
const SEED = 0x5eed_2026;
const CASES_PER_KIND = 40;

type Case = {
  name: string;
  method: string;
  path: string;
  body?: string | Uint8Array;
  contentType?: string;
  /** Who sends it; fuzz is about input, so mostly callers who may use the route. */
  as: "operator" | "own tenant" | "service" | { token: string };
};

const tenant = uniqueTenant("fuzz");

/** A valid event with one thing broken so that it can never be accepted. */
function brokenEvent(r: Prng): { name: string; body: string } {
  const breakages: [string, () => unknown][] = [
    ["event_id", () => r.pick([oddString(r), wrongType(r)])],
    ["tenant_id", () => r.pick([oddString(r), wrongType(r)])],
    ["type", () => r.pick([oddString(r), wrongType(r), "research.completed.v9"])],
    ["timestamp", () => r.pick([oddString(r), wrongType(r), "2026-13-45T25:61:61Z"])],
    ["payload", () => wrongType(r)],
    ["payload", () => ({ research_ids: [oddString(r)], keywords_researched: -1 })],
    ["payload", () => ({ research_ids: "r-1", keywords_researched: "1" })],
    ["payload", () => ({ research_ids: ["r\ud800"], keywords_researched: 1 })],
    ["unexpected", () => oddString(r)],
  ];
  const [field, value] = r.pick(breakages);
  const event = { ...researchCompleted(tenant), [field]: value() };
  return { name: `event with a broken ${field}`, body: JSON.stringify(event) };
}

function eventCases(r: Prng): Case[] {
  const cases: Case[] = [];
  const as = () => r.pick(["operator", "own tenant", "service"] as const);
  for (let i = 0; i < CASES_PER_KIND; i++) {
    const kind = r.int(0, 9);
    const base = { method: "POST", path: "/api/events", as: as() };
    const valid = JSON.stringify(researchCompleted(tenant));
    if (kind <= 3) cases.push({ ...base, ...brokenEvent(r) });
    else if (kind === 4) cases.push({ ...base, name: "malformed JSON", body: malformedJson(r) });
    else if (kind === 5)
      cases.push({ ...base, name: "bytes that are not UTF-8", body: invalidUtf8(r) });
    else if (kind === 6) {
      // A good event beside a broken one: the whole batch is refused.
      const bad = brokenEvent(r);
      cases.push({
        ...base,
        name: `a good event and an ${bad.name}`,
        body: `[${valid},${bad.body}]`,
      });
    } else if (kind === 7) {
      cases.push({
        ...base,
        name: "a __proto__ key",
        body: valid.replace("{", `{"__proto__":{"tenant_id":"${tenant}","admin":true},`),
      });
    } else if (kind === 8) {
      const depth = r.pick([40, 1_000, 100_000]);
      cases.push({
        ...base,
        name: `payload nested ${depth} deep`,
        body: valid.replace(/"payload":\{.*\}\}$/, `"payload":${deepObjectJson(depth)}}`),
      });
    } else {
      const size = r.pick(["too many", "too large", "wrong type"] as const);
      const body =
        size === "too many"
          ? `[${Array(101).fill(valid).join(",")}]`
          : size === "too large"
            ? JSON.stringify({ ...researchCompleted(tenant), source: "x".repeat(1_100_000) })
            : valid;
      cases.push({
        ...base,
        name: `${size}`,
        body,
        ...(size === "wrong type" ? { contentType: "text/plain" } : {}),
      });
    }
  }
  return cases;
}

/** Names a tenant can never have. */
function invalidName(r: Prng): unknown {
  return r.pick<() => unknown>([
    () => wrongType(r),
    () => "",
    () => "   ",
    () => "nul\u0000",
    () => "bell\u0007",
    () => "\u202Egnp.exe",
    () => "a".repeat(201),
    () => "tab\tand\nnewline",
  ])();
}

function tenantCases(r: Prng): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < CASES_PER_KIND; i++) {
    const base = { method: "POST", path: "/api/tenants", as: "operator" as const };
    const fresh = uniqueTenant("fz");
    const bodies: (() => [string, string])[] = [
      () => [
        "invalid id",
        JSON.stringify({ id: r.pick([oddString(r), wrongType(r)]), name: "Fine" }),
      ],
      () => ["invalid name", JSON.stringify({ id: fresh, name: invalidName(r) })],
      () => ["unknown key", JSON.stringify({ id: fresh, name: "Fine", role: "operator" })],
      () => ["a __proto__ key", `{"id":"${fresh}","name":"Fine","__proto__":{"admin":true}}`],
      () => ["deep nesting", `{"id":"${fresh}","name":${deepJson(r.pick([40, 50_000]))}}`],
      () => ["malformed JSON", malformedJson(r)],
      () => ["an array", JSON.stringify([{ id: fresh, name: "Fine" }])],
    ];
    const [name, body] = r.pick(bodies)();
    cases.push({ ...base, name, body });
  }
  return cases;
}

function readCases(r: Prng): Case[] {
  const cases: Case[] = [];
  for (let i = 0; i < CASES_PER_KIND / 2; i++) {
    const odd = encodeOdd(oddString(r)).slice(0, 3000);
    cases.push(
      r.next() < 0.5
        ? {
            name: "event log of an odd tenant",
            method: "GET",
            path: `/api/events?tenant=${odd}`,
            as: "operator",
          }
        : {
            name: "event log with an odd limit",
            method: "GET",
            path: `/api/events?tenant=${tenant}&limit=${r.pick(["-1", "0", "501", "1e9", "abc", odd])}`,
            as: "operator",
          },
    );
    cases.push({
      name: "an odd tenant id in the path",
      method: "GET",
      path: `/api/tenants/${odd || "%00"}`,
      as: "operator",
    });
  }
  return cases;
}

function tokenCases(r: Prng): Case[] {
  return Array.from({ length: CASES_PER_KIND / 2 }, () => {
    const parts = Array.from({ length: r.int(1, 4) }, () =>
      encodeOdd(oddString(r)).slice(0, r.int(0, 200)),
    );
    return {
      name: "a garbage bearer token",
      method: "GET",
      path: `/api/tenants/${tenant}`,
      as: { token: parts.join(".") || "x" },
    };
  });
}

const random = prng(SEED);
const CASES: Record<string, Case[]> = {
  "POST /api/events": eventCases(random),
  "POST /api/tenants": tenantCases(random),
  "GET reads": readCases(random),
  "bearer tokens": tokenCases(random),
};

async function headersFor(as: Case["as"]): Promise<Record<string, string>> {
  if (typeof as === "object") return { authorization: `Bearer ${as.token}` };
  if (as === "own tenant") return bearer(await mintToken({ role: "tenant", tenant }));
  return bearer(await mintToken({ role: as }));
}

async function send(c: Case): Promise<Response> {
  const headers = await headersFor(c.as);
  if (c.body !== undefined) headers["content-type"] = c.contentType ?? "application/json";
  return exports.default.fetch(
    new Request(`http://switchboard.test${c.path}`, {
      method: c.method,
      headers,
      ...(c.body !== undefined ? { body: c.body } : {}),
    }),
  );
}

type Snapshot = { tenants: string[]; applied: number; duplicates: number; logged: number };

async function snapshot(): Promise<Snapshot> {
  const list = (await (await api("/api/tenants?limit=500")).json()) as {
    tenants: { id: string }[];
  };
  const one = (await (await api(`/api/tenants/${tenant}`)).json()) as {
    state: { applied: number; duplicates: number };
  };
  const log = (await (await api(`/api/events?tenant=${tenant}&limit=500`)).json()) as {
    events: unknown[];
  };
  return {
    tenants: list.tenants.map((t) => t.id),
    applied: one.state.applied,
    duplicates: one.state.duplicates,
    logged: log.events.length,
  };
}

let before: Snapshot;

beforeAll(async () => {
  await createTenant(tenant);
  before = await snapshot();
});

describe.each(Object.entries(CASES))("fuzzing %s", (_endpoint, cases) => {
  it.each(cases.map((c, index) => [index, c.name, c] as const))(
    "case %i (%s) gets a 4xx problem",
    async (_index, _name, c) => {
      const response = await send(c);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      const problem = (await response.json()) as { status: number; title: string };
      expect(problem.status).toBe(response.status);
      expect(problem.title).toEqual(expect.any(String));
    },
  );
});

describe("after all that", () => {
  it("has changed nothing: no tenant created, no event applied or logged", async () => {
    // Given a sentinel event sent after every fuzz case, on the same queue
    const sentinel = researchCompleted(tenant);
    expect((await postJson("/api/events", sentinel)).status).toBe(202);

    // When it has been applied, anything accepted before it would have been too
    const after = await eventually(snapshot, (s) => s.applied > before.applied);

    // Then only the sentinel arrived, and no fuzz case created a tenant
    expect(after).toEqual({ ...before, applied: before.applied + 1, logged: before.logged + 1 });
  });
});
