import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { onError } from "../../platform/http/problem";
import { authorize, requireTenantScope, tenantScopeOf } from "./authorize";
import type { PolicyRule } from "./policy";
import { signToken, type TokenRequest } from "./token";

const SECRET = "unit-test-secret-0123456789abcdef-0123456789";
const env = { AUTH_SECRET: SECRET } as Env;

const table: PolicyRule[] = [
  { method: "GET", path: "/trace/:id", access: { operator: true, tenant: { query: "tenant" } } },
  { method: "POST", path: "/ingest", access: { operator: true, service: true, tenant: "body" } },
];

const app = new Hono<{ Bindings: Env }>()
  .use(authorize(table))
  .get("/trace/:id", (c) => c.json({ scope: tenantScopeOf(c) ?? null }))
  .post("/ingest", async (c) => {
    const body = (await c.req.json()) as { tenants: string[] };
    requireTenantScope(c, body.tenants);
    return c.json({ accepted: body.tenants.length }, 202);
  });
app.onError(onError);

async function as(request: Omit<TokenRequest, "ttlSeconds">): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await signToken({ ...request, ttlSeconds: 60 }, SECRET)}` };
}

function post(tenants: string[], headers: Record<string, string>) {
  return app.request(
    "/ingest",
    { method: "POST", headers, body: JSON.stringify({ tenants }) },
    env,
  );
}

describe("tenantScopeOf", () => {
  it("confines a tenant to its own id and leaves an operator unconfined", async () => {
    const tenant = await as({ role: "tenant", tenant: "acme" });
    const asTenant = await app.request("/trace/c-1?tenant=acme", { headers: tenant }, env);
    expect(await asTenant.json()).toEqual({ scope: "acme" });
    const operator = await as({ role: "operator" });
    const asOperator = await app.request("/trace/c-1", { headers: operator }, env);
    expect(await asOperator.json()).toEqual({ scope: null });
  });
});

describe("requireTenantScope", () => {
  it("lets a tenant send for itself only, and names the others it tried", async () => {
    const tenant = await as({ role: "tenant", tenant: "acme" });
    expect((await post(["acme", "acme"], tenant)).status).toBe(202);
    const mixed = await post(["acme", "globex"], tenant);
    expect(mixed.status).toBe(403);
    expect(((await mixed.json()) as { detail: string }).detail).toContain("globex");
  });

  it("lets services and operators send for any tenant", async () => {
    expect((await post(["a", "b"], await as({ role: "service" }))).status).toBe(202);
    expect((await post(["a", "b"], await as({ role: "operator" }))).status).toBe(202);
  });
});
