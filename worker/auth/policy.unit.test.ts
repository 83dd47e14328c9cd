import { describe, expect, it } from "vitest";
import type { Caller } from "../../events/caller";
import { decide } from "./policy";

const operator: Caller = { role: "operator", subject: "op" };
const acme: Caller = { role: "tenant", tenant: "acme", subject: "tenant:acme" };
const service: Caller = { role: "service", subject: "svc" };
const noQuery = () => undefined;

describe("an access rule, deciding for a verified caller", () => {
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
});
