import { exports } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { api } from "./support/api";
import { mintToken } from "./support/auth";

const ORIGIN = "http://switchboard.test";

describe("security headers", () => {
  it("gives API responses a CSP that loads nothing, and the usual hardening headers", async () => {
    const response = await api("/api/health", {}, "none");
    expect(response.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    );
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("DENY");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("puts them on errors too", async () => {
    const response = await api("/api/tenants", {}, "none");
    expect(response.status).toBe(401);
    expect(response.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("gives the dashboard a CSP of its own scripts, styles and WebSockets on this host", async () => {
    const response = await exports.default.fetch(new Request(`${ORIGIN}/`));
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' ws://switchboard.test");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain("unsafe-inline");
  });

  it("asks for wss: on the dashboard's own host behind https", async () => {
    const response = await exports.default.fetch(new Request("https://board.example/"));
    expect(response.headers.get("content-security-policy")).toContain(
      "connect-src 'self' wss://board.example",
    );
  });
});

describe("CORS", () => {
  async function preflight(origin: string): Promise<Response> {
    return exports.default.fetch(
      new Request(`${ORIGIN}/api/tenants`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      }),
    );
  }

  it("allows an origin listed in CORS_ORIGINS, with the Authorization header", async () => {
    const response = await preflight("https://console.example");
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://console.example");
    expect(response.headers.get("access-control-allow-headers")).toContain("authorization");
    expect(response.headers.get("access-control-allow-credentials")).toBeNull();
  });

  it("gives any other origin no permission", async () => {
    const response = await preflight("https://evil.example");
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("lets a listed origin open a WebSocket with a good token", async () => {
    const token = await mintToken({ role: "operator" });
    const response = await exports.default.fetch(
      new Request(`${ORIGIN}/agents/ops-agent/main?token=${token}`, {
        headers: { upgrade: "websocket", origin: "https://console.example" },
      }),
    );
    response.webSocket?.accept();
    response.webSocket?.close(1000, "test done");
    expect(response.status).toBe(101);
  });
});
