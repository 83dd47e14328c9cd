import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { onError } from "../../platform/http/problem";
import { access, gate, INGEST, OWN_TENANT, OWN_TENANT_IN_QUERY, PUBLIC } from "./access";
import { requireTenantScope, tenantScopeOf } from "./authorize";
import { signToken, type TokenRequest } from "./token";

const SECRET = "unit-test-secret-0123456789abcdef-0123456789";
const env = { AUTH_SECRET: SECRET } as Env;

const app = new Hono<{ Bindings: Env }>()
  .use(gate())
  .get("/trace/:id", access(OWN_TENANT_IN_QUERY), (c) =>
    c.json({ scope: tenantScopeOf(c) ?? null }),
  )
  .post("/ingest", access(INGEST), async (c) => {
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

describe("the gate and the rules declared on routes", () => {
  const routes = new Hono<{ Bindings: Env }>()
    .use(gate())
    .get("/open", access(PUBLIC), (c) => c.text("open"))
    .get("/tenants/:id", access(OWN_TENANT), (c) => c.text(c.req.param("id")))
    .get("/forgotten", (c) => c.text("no rule declared"));
  routes.onError(onError);

  it("given a public route, when called without a token, then it answers", async () => {
    expect((await routes.request("/open", {}, env)).status).toBe(200);
  });

  it("given a tenant's own route, when another tenant calls it, then 403 saying whose token it is", async () => {
    const acme = await as({ role: "tenant", tenant: "acme" });
    expect((await routes.request("/tenants/acme", { headers: acme }, env)).status).toBe(200);
    const other = await routes.request("/tenants/globex", { headers: acme }, env);
    expect(other.status).toBe(403);
    expect(((await other.json()) as { detail: string }).detail).toContain("acme");
  });

  it("given a route that declares no rule, when a tenant or service calls it, then 404 as if it did not exist; an operator reaches it", async () => {
    const tenant = await as({ role: "tenant", tenant: "acme" });
    expect((await routes.request("/forgotten", { headers: tenant }, env)).status).toBe(404);
    expect(
      (await routes.request("/forgotten", { headers: await as({ role: "service" }) }, env)).status,
    ).toBe(404);
    expect(
      (await routes.request("/forgotten", { headers: await as({ role: "operator" }) }, env)).status,
    ).toBe(200);
  });

  it("given no token, when a guarded route or an unknown path is asked for, then 401", async () => {
    expect((await routes.request("/tenants/acme", {}, env)).status).toBe(401);
    expect((await routes.request("/nowhere", {}, env)).status).toBe(401);
  });
});
