import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { HTTP_POLICY, policyMatcher } from "../worker/auth/policy";
import { app } from "../worker/http/app";
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

describe("the policy table", () => {
  it("has a rule for every route the API serves", () => {
    const match = policyMatcher(HTTP_POLICY);
    const uncovered = app.routes
      .filter((route) => route.path.startsWith("/api/") && route.method !== "ALL")
      .filter((route) => {
        // A concrete path for the pattern: each `:param` becomes a sample segment.
        const sample = route.path.replace(/:[^/]+/g, "sample").replace(/\/\*$/, "/x");
        return match(route.method, sample) === null;
      })
      .map((route) => `${route.method} ${route.path}`);
    expect(uncovered).toEqual([]);
  });
});
