import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { app } from "../worker/http/app";
import { declaredAccess } from "../worker/http/openapi/access";
import { OPERATIONS } from "../worker/http/openapi/operations";
import worker from "../worker/index";
import { bearer, mintToken } from "./support/auth";

/** The Worker as deployed without `wrangler secret put AUTH_SECRET`. */
function withoutSecret(secret: string | undefined): Env {
  return { ...env, AUTH_SECRET: secret } as Env;
}

describe("a platform without a signing secret", () => {
  it.each([
    ["missing", undefined],
    ["too short", "short"],
  ])(
    "closes protected routes with 503 when the secret is %s, even to good tokens",
    async (_case, secret) => {
      const token = await mintToken({ role: "operator" });
      const response = await worker.fetch(
        new Request("http://switchboard.test/api/tenants", { headers: bearer(token) }),
        withoutSecret(secret),
        createExecutionContext(),
      );
      expect(response.status).toBe(503);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
    },
  );

  it("refuses WebSockets with 503 too", async () => {
    const token = await mintToken({ role: "operator" });
    const response = await worker.fetch(
      new Request(`http://switchboard.test/agents/ops-agent/main?token=${token}`, {
        headers: { upgrade: "websocket" },
      }),
      withoutSecret(undefined),
      createExecutionContext(),
    );
    expect(response.status).toBe(503);
  });

  it("still answers the public health check", async () => {
    const response = await worker.fetch(
      new Request("http://switchboard.test/api/health"),
      withoutSecret(undefined),
      createExecutionContext(),
    );
    expect(response.status).toBe(200);
  });
});

describe("the access rules declared on the routes", () => {
  it("given every route the API serves, each declares who may call it", () => {
    const gated = (path: string) =>
      path.startsWith("/api/") || path.startsWith("/services/") || path === "/metrics";
    const undeclared = app.routes
      .filter((route) => gated(route.path) && route.method !== "ALL")
      .filter((route) => declaredAccess(app.routes, route.method, route.path) === undefined)
      .map((route) => `${route.method} ${route.path}`);
    expect(undeclared).toEqual([]);
  });

  it("given every operation of the OpenAPI document, its rule is the one its route declares", () => {
    const undeclared = OPERATIONS.filter((op) => !op.path.startsWith("/sites"))
      .filter((op) => declaredAccess(app.routes, op.method, op.path) === undefined)
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(undeclared).toEqual([]);
  });
});

/** The Worker as deployed with these auth settings on top of the test ones. */
function configured(settings: Record<string, string>): Env {
  return { ...env, ...settings } as unknown as Env;
}

async function getTenants(token: string, settings: Record<string, string>): Promise<Response> {
  return worker.fetch(
    new Request("http://switchboard.test/api/tenants", { headers: bearer(token) }),
    configured(settings),
    createExecutionContext(),
  );
}

async function detailOf(response: Response): Promise<string> {
  return ((await response.json()) as { detail: string }).detail;
}

const NEW_SECRET = "the-rotated-in-secret-0123456789abcdef-0123";

describe("rotating the signing secret", () => {
  it("accepts tokens of the previous secret while it is AUTH_SECRET_PREVIOUS, and new ones", async () => {
    // Given a token signed before the rotation, and one signed with the new secret
    const before = await mintToken({ role: "operator" });
    const after = await mintToken({ role: "operator" }, { secret: NEW_SECRET });
    const overlap = { AUTH_SECRET: NEW_SECRET, AUTH_SECRET_PREVIOUS: env.AUTH_SECRET };

    // Then during the overlap both are accepted
    expect((await getTenants(before, overlap)).status).toBe(200);
    expect((await getTenants(after, overlap)).status).toBe(200);
  });

  it("refuses the old secret's tokens once AUTH_SECRET_PREVIOUS is removed, saying why", async () => {
    const before = await mintToken({ role: "operator" });

    const response = await getTenants(before, { AUTH_SECRET: NEW_SECRET });

    expect(response.status).toBe(401);
    expect(await detailOf(response)).toMatch(/key this platform does not accept/);
  });
});

describe("the audience", () => {
  it("refuses a token made for another deployment, and accepts it where it belongs", async () => {
    const staging = await mintToken({ role: "operator", audience: "staging" });

    const here = await getTenants(staging, {});
    expect(here.status).toBe(401);
    expect(await detailOf(here)).toMatch(/another deployment/);
    expect((await getTenants(staging, { AUTH_AUDIENCE: "staging" })).status).toBe(200);
  });
});

describe("revoked tokens", () => {
  it("refuses a revoked token id and a revoked subject over HTTP, and lets others through", async () => {
    const leaked = await mintToken({ role: "operator", id: "leaked-token-1" });
    const retired = await mintToken({ role: "operator", subject: "retired-service" });
    const other = await mintToken({ role: "operator" });
    const revoked = { AUTH_REVOKED: "leaked-token-1, sub:retired-service" };

    for (const token of [leaked, retired]) {
      const response = await getTenants(token, revoked);
      expect(response.status).toBe(401);
      expect(await detailOf(response)).toMatch(/revoked/);
    }
    expect((await getTenants(other, revoked)).status).toBe(200);
  });

  it("refuses a revoked token's WebSocket too", async () => {
    const leaked = await mintToken({ role: "operator", id: "leaked-token-2" });
    const response = await worker.fetch(
      new Request(`http://switchboard.test/agents/ops-agent/main?token=${leaked}`, {
        headers: { upgrade: "websocket" },
      }),
      configured({ AUTH_REVOKED: "leaked-token-2" }),
      createExecutionContext(),
    );
    expect(response.status).toBe(401);
  });
});
