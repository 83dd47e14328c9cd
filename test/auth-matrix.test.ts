import { beforeAll, describe, expect, it } from "vitest";
import { api, createTenant, researchCompleted, uniqueTenant } from "./support/api";
import { CALLERS, type CallerKind, headersOf, type TenantPair } from "./support/callers";

/**
 * Every HTTP route × every kind of caller (DESIGN §8), one test per cell.
 * A number is the exact status. "passes" is for routes other issues build: the gate
 * must let the caller through (whatever the handler then answers, even a 404 while the
 * route does not exist yet), so the cell holds before and after those routes land.
 */
type Expected = number | "passes";
type Row = {
  method: string;
  path: (t: TenantPair) => string;
  body?: (t: TenantPair) => unknown;
  expect: Record<CallerKind, Expected>;
};

/** Refused unless listed: 401 without a valid token, 403 with one. */
function onlyFor(allowed: Partial<Record<CallerKind, Expected>>): Record<CallerKind, Expected> {
  return {
    none: 401,
    forged: 401,
    expired: 401,
    "other tenant": 403,
    "own tenant": 403,
    service: 403,
    operator: 403,
    ...allowed,
  };
}

const OWN_OR_OPERATOR = onlyFor({ "own tenant": "passes", operator: "passes" });
const OPERATOR_ONLY = onlyFor({ operator: "passes" });

const ROUTES: Record<string, Row> = {
  "GET /api/health": {
    method: "GET",
    path: () => "/api/health",
    expect: Object.fromEntries(CALLERS.map((kind) => [kind, 200])) as Record<CallerKind, 200>,
  },
  "GET /api/openapi.json (the contract is public)": {
    method: "GET",
    path: () => "/api/openapi.json",
    expect: Object.fromEntries(CALLERS.map((kind) => [kind, 200])) as Record<CallerKind, 200>,
  },
  // Which types each role may send is its own suite (hostile-ingest.test.ts): here, a
  // type only the research service (or an operator) may send, and one a tenant may.
  "POST /api/events (own tenant's research.completed)": {
    method: "POST",
    path: () => "/api/events",
    body: (t) => researchCompleted(t.own),
    expect: onlyFor({ operator: 202 }),
  },
  "POST /api/events (own tenant's cycle.requested, from the tenant)": {
    method: "POST",
    path: () => "/api/events",
    body: (t) =>
      researchCompleted(t.own, {
        type: "cycle.requested",
        source: `tenant:${t.own}`,
        payload: { reason: "asked by the tenant" },
      }),
    expect: onlyFor({ "own tenant": 202, operator: 202 }),
  },
  "GET /api/events?tenant=<own>": {
    method: "GET",
    path: (t) => `/api/events?tenant=${t.own}`,
    expect: onlyFor({ "own tenant": 200, operator: 200 }),
  },
  "GET /api/events (no tenant)": {
    method: "GET",
    path: () => "/api/events",
    expect: onlyFor({ operator: 400 }),
  },
  "GET /api/tenants": {
    method: "GET",
    path: () => "/api/tenants",
    expect: onlyFor({ operator: 200 }),
  },
  "POST /api/tenants": {
    method: "POST",
    path: () => "/api/tenants",
    body: () => ({ id: uniqueTenant("m"), name: "Matrix" }),
    expect: onlyFor({ operator: 201 }),
  },
  "GET /api/tenants/<own>": {
    method: "GET",
    path: (t) => `/api/tenants/${t.own}`,
    expect: onlyFor({ "own tenant": 200, operator: 200 }),
  },
  "GET /api/tenants/<own>/strategy": {
    method: "GET",
    path: (t) => `/api/tenants/${t.own}/strategy`,
    expect: OWN_OR_OPERATOR,
  },
  "PUT /api/tenants/<own>/strategy": {
    method: "PUT",
    path: (t) => `/api/tenants/${t.own}/strategy`,
    body: () => ({}),
    expect: OWN_OR_OPERATOR,
  },
  "POST /api/tenants/<own>/strategy/preview": {
    method: "POST",
    path: (t) => `/api/tenants/${t.own}/strategy/preview`,
    body: () => ({}),
    expect: OWN_OR_OPERATOR,
  },
  "GET /api/tenants/<own>/strategy/versions": {
    method: "GET",
    path: (t) => `/api/tenants/${t.own}/strategy/versions`,
    expect: OWN_OR_OPERATOR,
  },
  "POST /api/tenants/<own>/cycle": {
    method: "POST",
    path: (t) => `/api/tenants/${t.own}/cycle`,
    body: () => ({}),
    expect: OWN_OR_OPERATOR,
  },
  "GET /api/tenants/<own>/runs": {
    method: "GET",
    path: (t) => `/api/tenants/${t.own}/runs`,
    expect: OWN_OR_OPERATOR,
  },
  "GET /api/tenants/<own>/outbox": {
    method: "GET",
    path: (t) => `/api/tenants/${t.own}/outbox`,
    expect: onlyFor({ operator: 200 }),
  },
  "POST /api/tenants/<own>/runs/<run>/approve": {
    method: "POST",
    path: (t) => `/api/tenants/${t.own}/runs/run-1/approve`,
    body: () => ({}),
    expect: OWN_OR_OPERATOR,
  },
  "GET /api/trace/<id>?tenant=<own>": {
    method: "GET",
    path: (t) => `/api/trace/c-1?tenant=${t.own}`,
    expect: OWN_OR_OPERATOR,
  },
  "GET /api/dlq": { method: "GET", path: () => "/api/dlq", expect: OPERATOR_ONLY },
  "POST /api/dlq/redrive": {
    method: "POST",
    path: () => "/api/dlq/redrive",
    body: () => ({ ids: [] }),
    expect: OPERATOR_ONLY,
  },
  "DELETE /api/dlq/<id>": { method: "DELETE", path: () => "/api/dlq/x-1", expect: OPERATOR_ONLY },
  "GET /api/routes": { method: "GET", path: () => "/api/routes", expect: OPERATOR_ONLY },
  "GET /api/metrics": { method: "GET", path: () => "/api/metrics", expect: OPERATOR_ONLY },
  // And the scrape token (test/prometheus.test.ts), which no caller kind here holds.
  "GET /metrics": { method: "GET", path: () => "/metrics", expect: OPERATOR_ONLY },
  "GET /api/services": { method: "GET", path: () => "/api/services", expect: OPERATOR_ONLY },
  "GET /api/services/social/outbox?tenant=<own>": {
    method: "GET",
    path: (t) => `/api/services/social/outbox?tenant=${t.own}`,
    expect: OPERATOR_ONLY,
  },
  "PUT /api/services/social/faults": {
    method: "PUT",
    path: () => "/api/services/social/faults",
    body: (t) => ({ fail_rate: 0, tenant: t.own }),
    expect: onlyFor({ operator: 200 }),
  },
  "GET /api/services/social/faults": {
    method: "GET",
    path: () => "/api/services/social/faults",
    expect: onlyFor({ operator: 200 }),
  },
  "GET /services/publisher/<own>/publications": {
    method: "GET",
    path: (t) => `/services/publisher/${t.own}/publications`,
    expect: onlyFor({ "own tenant": 200, service: 200, operator: 200 }),
  },
  "GET /services/social/<own>/posts": {
    method: "GET",
    path: (t) => `/services/social/${t.own}/posts`,
    expect: onlyFor({ "own tenant": 200, service: 200, operator: 200 }),
  },
  "GET /services/analytics/<own>/reports": {
    method: "GET",
    path: (t) => `/services/analytics/${t.own}/reports`,
    expect: onlyFor({ "own tenant": 200, service: 200, operator: 200 }),
  },
  "GET /sites/<own> (published pages are public)": {
    method: "GET",
    path: (t) => `/sites/${t.own}`,
    expect: Object.fromEntries(CALLERS.map((kind) => [kind, 200])) as Record<CallerKind, 200>,
  },
  "GET /api/no-such-route": {
    method: "GET",
    path: () => "/api/no-such-route",
    expect: onlyFor({ "other tenant": 404, "own tenant": 404, service: 404, operator: 404 }),
  },
  "DELETE /api/tenants (no such method)": {
    method: "DELETE",
    path: () => "/api/tenants",
    expect: onlyFor({ "other tenant": 404, "own tenant": 404, service: 404, operator: 404 }),
  },
};

let tenants: TenantPair;

beforeAll(async () => {
  tenants = { own: await createTenant(uniqueTenant("own")), other: await createTenant() };
});

async function call(row: Row, kind: CallerKind): Promise<Response> {
  const headers: Record<string, string> = await headersOf(kind, tenants);
  const init: RequestInit = { method: row.method, headers };
  if (row.body) {
    headers["content-type"] = "application/json";
    init.body = JSON.stringify(row.body(tenants));
  }
  return api(row.path(tenants), init, "none");
}

describe.each(Object.entries(ROUTES))("%s", (_route, row) => {
  it.each(CALLERS.map((kind) => [kind, row.expect[kind]] as const))(
    "as %s answers %s",
    async (kind, expected) => {
      const response = await call(row, kind);
      if (expected === "passes") {
        expect([401, 403, 429, 503]).not.toContain(response.status);
        return;
      }
      expect(response.status).toBe(expected);
      if (expected >= 400) {
        expect(response.headers.get("content-type")).toBe("application/problem+json");
      }
      if (expected === 401) {
        expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="switchboard"/);
      }
    },
  );
});
