import { describe, expect, it } from "vitest";
import {
  CALLER_HEADERS,
  type Caller,
  CallerForbiddenError,
  callerFromHeaders,
  checkForwardedCaller,
  requireCaller,
  withCallerHeaders,
} from "./caller";

const acme: Caller = { role: "tenant", tenant: "acme", subject: "tenant:acme" };

describe("the caller passed from the Worker to an agent", () => {
  it("round-trips through headers, replacing whatever the client sent", () => {
    const sent = new Headers({
      [CALLER_HEADERS.role]: "operator",
      [CALLER_HEADERS.tenant]: "other",
      accept: "x",
    });
    const headers = withCallerHeaders(sent, acme);
    expect(callerFromHeaders(headers)).toEqual(acme);
    expect(headers.get("accept")).toBe("x");
    const asOperator = withCallerHeaders(sent, { role: "operator", subject: "op" });
    expect(asOperator.get(CALLER_HEADERS.tenant)).toBeNull();
  });

  it("reads no caller from missing or malformed headers", () => {
    expect(callerFromHeaders(new Headers())).toBeNull();
    expect(callerFromHeaders(new Headers({ [CALLER_HEADERS.role]: "root" }))).toBeNull();
    const tenantWithoutId = new Headers({
      [CALLER_HEADERS.role]: "tenant",
      [CALLER_HEADERS.subject]: "s",
    });
    expect(callerFromHeaders(tenantWithoutId)).toBeNull();
  });

  it("lets an agent refuse a forwarded request without an acceptable caller", async () => {
    const bare = new Request("http://x/agents/tenant-agent/acme");
    const refused = checkForwardedCaller(bare, () => true);
    expect(refused.ok).toBe(false);
    if (!refused.ok) expect(refused.response.status).toBe(403);
    const withCaller = new Request(bare, { headers: withCallerHeaders(new Headers(), acme) });
    expect(checkForwardedCaller(withCaller, (c) => c.role === "operator").ok).toBe(false);
    expect(checkForwardedCaller(withCaller, (c) => c.role === "tenant").ok).toBe(true);
  });
});

describe("requireCaller, for callable methods", () => {
  it("admits an operator anywhere and a tenant only for itself", () => {
    const operator = { state: { caller: { role: "operator", subject: "op" } } };
    const tenant = { state: { caller: acme } };
    expect(requireCaller(operator).role).toBe("operator");
    expect(requireCaller(operator, "acme").role).toBe("operator");
    expect(requireCaller(tenant, "acme")).toEqual(acme);
    expect(() => requireCaller(tenant, "other")).toThrow(CallerForbiddenError);
    expect(() => requireCaller(tenant)).toThrow(/operators only/);
  });

  it("refuses a connection without a verified caller", () => {
    expect(() => requireCaller(undefined, "acme")).toThrow(CallerForbiddenError);
    expect(() => requireCaller({ state: null }, "acme")).toThrow(CallerForbiddenError);
    expect(() => requireCaller({ state: { caller: { role: "service" } } }, "acme")).toThrow();
  });
});
