import { describe, expect, it } from "vitest";
import type { Caller } from "../../events/caller";
import { decide, HTTP_POLICY, type PolicyRule, policyMatcher } from "./policy";

const match = policyMatcher(HTTP_POLICY);
const operator: Caller = { role: "operator", subject: "op" };
const acme: Caller = { role: "tenant", tenant: "acme", subject: "tenant:acme" };
const service: Caller = { role: "service", subject: "svc" };
const noQuery = () => undefined;

describe("the HTTP policy table", () => {
  it("finds the rule for a path with parameters and decodes them", () => {
    expect(match("GET", "/api/tenants/acme%2Dx")).toMatchObject({
      rule: { path: "/api/tenants/:id" },
      params: { id: "acme-x" },
    });
  });

  it("covers every path below a trailing wildcard, and the bare path too", () => {
    expect(match("PUT", "/api/tenants/acme/strategy")?.params).toEqual({ id: "acme" });
    expect(match("POST", "/api/tenants/acme/runs/r-1/approve")?.rule.path).toBe(
      "/api/tenants/:id/*",
    );
    expect(match("GET", "/api/dlq")?.rule.path).toBe("/api/dlq/*");
    expect(match("DELETE", "/api/dlq/abc")?.rule.path).toBe("/api/dlq/*");
  });

  it("matches HEAD as GET and keeps methods apart", () => {
    expect(match("HEAD", "/api/health")?.rule.access).toBe("public");
    expect(match("DELETE", "/api/tenants")).toBeNull();
    expect(match("GET", "/api/nope")).toBeNull();
    expect(match("GET", "/api/tenantsX")).toBeNull();
  });

  it("lets a tenant through only for its own id in the path", () => {
    const access = { operator: true, tenant: { param: "id" } } as const;
    expect(decide(access, acme, { id: "acme" }, noQuery)).toEqual({
      allow: true,
      checkBody: false,
    });
    expect(decide(access, acme, { id: "other" }, noQuery)).toMatchObject({ allow: false });
    expect(decide(access, operator, { id: "other" }, noQuery)).toMatchObject({ allow: true });
    expect(decide(access, service, { id: "acme" }, noQuery)).toMatchObject({ allow: false });
  });

  it("lets a tenant through only for its own id in the query, and never without one", () => {
    const access = { operator: true, tenant: { query: "tenant" } } as const;
    expect(decide(access, acme, {}, () => "acme")).toMatchObject({ allow: true });
    expect(decide(access, acme, {}, () => "other")).toMatchObject({ allow: false });
    expect(decide(access, acme, {}, noQuery)).toMatchObject({ allow: false });
  });

  it("leaves a body scope to the handler, for tenants only", () => {
    const access = { operator: true, service: true, tenant: "body" } as const;
    expect(decide(access, acme, {}, noQuery)).toEqual({ allow: true, checkBody: true });
    expect(decide(access, service, {}, noQuery)).toEqual({ allow: true, checkBody: false });
  });

  it("takes the first matching rule", () => {
    const table: PolicyRule[] = [
      { method: "GET", path: "/x/special", access: "public" },
      { method: "*", path: "/x/*", access: { operator: true } },
    ];
    const first = policyMatcher(table);
    expect(first("GET", "/x/special")?.rule.access).toBe("public");
    expect(first("GET", "/x/other")?.rule.access).toEqual({ operator: true });
  });
});
