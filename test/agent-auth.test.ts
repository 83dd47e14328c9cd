import { runInDurableObject } from "cloudflare:test";
import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { TenantAgent } from "../agents/tenant-agent";
import { CALLER_HEADERS } from "../events/caller";
import { createTenant, uniqueTenant } from "./support/api";
import { mintToken } from "./support/auth";
import { CALLERS, type CallerKind, type TenantPair, tokenOf } from "./support/callers";

/** Opens a WebSocket the way a browser does: token in the query, Upgrade header. */
async function open(
  path: string,
  token: string | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  const url = new URL(`http://switchboard.test${path}`);
  if (token !== null) url.searchParams.set("token", token);
  const response = await exports.default.fetch(
    new Request(url, { headers: { upgrade: "websocket", ...headers } }),
  );
  response.webSocket?.accept();
  return response;
}

/** Opens and closes at once: for tests about who gets in, not what they hear. */
async function connect(
  path: string,
  token: string | null,
  headers: Record<string, string> = {},
): Promise<Response> {
  const response = await open(path, token, headers);
  response.webSocket?.close(1000, "test done");
  return response;
}

let tenants: TenantPair;

/** When a token expires (its `exp`), in ms. */
function expiryOf(token: string): number {
  const payload = JSON.parse(atob(token.split(".")[1] ?? "")) as { exp: number };
  return payload.exp * 1000;
}

beforeAll(async () => {
  tenants = { own: await createTenant(uniqueTenant("ws")), other: await createTenant() };
});

const REFUSED = { none: 401, forged: 401, expired: 401 } as const;

const AGENTS: Record<string, { path: () => string; expect: Record<CallerKind, number> }> = {
  "/agents/tenant-agent/<own>": {
    path: () => `/agents/tenant-agent/${tenants.own}`,
    expect: {
      ...REFUSED,
      "other tenant": 403,
      "own tenant": 101,
      service: 403,
      operator: 101,
    },
  },
  "/agents/ops-agent/main": {
    path: () => "/agents/ops-agent/main",
    expect: { ...REFUSED, "other tenant": 403, "own tenant": 403, service: 403, operator: 101 },
  },
};

describe.each(Object.entries(AGENTS))("a WebSocket to %s", (_agent, row) => {
  it.each(CALLERS.map((kind) => [kind, row.expect[kind]] as const))(
    "as %s answers %s",
    async (kind, expected) => {
      const response = await connect(row.path(), await tokenOf(kind, tenants));
      expect(response.status).toBe(expected);
      if (expected !== 101) {
        expect(response.headers.get("content-type")).toBe("application/problem+json");
      }
    },
  );
});

describe("the agent gate", () => {
  it("refuses plain HTTP to an agent without a token, as it refuses the WebSocket", async () => {
    const response = await exports.default.fetch(
      new Request(`http://switchboard.test/agents/tenant-agent/${tenants.own}`),
    );
    expect(response.status).toBe(401);
  });

  it("refuses a browser page on another origin even with a good token", async () => {
    const token = await mintToken({ role: "operator" });
    const response = await connect("/agents/ops-agent/main", token, {
      origin: "https://evil.example",
    });
    expect(response.status).toBe(403);
  });

  it("passes the verified caller to the agent, not the headers the client made up", async () => {
    // Given a tenant that claims to be an operator of another tenant in its own headers
    const token = await mintToken({ role: "tenant", tenant: tenants.own, subject: "spoofer" });
    const response = await open(`/agents/tenant-agent/${tenants.own}`, token, {
      [CALLER_HEADERS.role]: "operator",
      [CALLER_HEADERS.tenant]: tenants.other,
    });
    expect(response.status).toBe(101);

    // Then the agent knows that connection as the tenant its token names
    const stub = env.TENANT_AGENT.get(env.TENANT_AGENT.idFromName(tenants.own));
    const callers = await runInDurableObject(stub, (agent: TenantAgent) =>
      [...agent.getConnections()].map((connection) => JSON.stringify(connection.state)),
    );
    const spoofer = callers.find((state) => state.includes('"spoofer"'));
    expect(spoofer && JSON.parse(spoofer)).toEqual({
      caller: {
        role: "tenant",
        tenant: tenants.own,
        subject: "spoofer",
        expires_at: expiryOf(token),
      },
    });
    response.webSocket?.close(1000, "test done");
  });

  it("closes a WebSocket when its token expires, saying why, and not before", async () => {
    // Given a dashboard connected with a tenant token that expires in ten minutes
    const token = await mintToken({ role: "tenant", tenant: tenants.own, ttlSeconds: 600 });
    const expiresAt = expiryOf(token);
    const response = await open(`/agents/tenant-agent/${tenants.own}`, token);
    const socket = response.webSocket;
    if (!socket) throw new Error("no WebSocket");
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      socket.addEventListener("close", (e) => resolve({ code: e.code, reason: e.reason })),
    );
    const stub = env.TENANT_AGENT.get(env.TENANT_AGENT.idFromName(tenants.own));

    // Then the agent has its close scheduled for that moment
    const schedules = await runInDurableObject(stub, (agent: TenantAgent) =>
      agent.getSchedules().filter((s) => s.callback === "closeExpiredConnections"),
    );
    expect(schedules).toContainEqual(
      expect.objectContaining({
        payload: { expires_at: expiresAt },
        time: Math.floor(expiresAt / 1000),
      }),
    );

    // When the close runs a moment before the expiry, the socket stays open; at it, it closes
    const early = await runInDurableObject(stub, (agent: TenantAgent) =>
      agent.closeExpiredConnections(undefined, expiresAt - 1),
    );
    expect(early).toBe(0);
    const due = await runInDurableObject(stub, (agent: TenantAgent) =>
      agent.closeExpiredConnections(undefined, expiresAt),
    );
    expect(due).toBeGreaterThanOrEqual(1);
    expect(await closed).toEqual({ code: 4001, reason: "token expired: sign in again" });
  });

  it("keeps the token out of the URL the agent sees", async () => {
    const token = await mintToken({ role: "tenant", tenant: tenants.own, subject: "url-check" });
    const response = await open(`/agents/tenant-agent/${tenants.own}`, token);
    const stub = env.TENANT_AGENT.get(env.TENANT_AGENT.idFromName(tenants.own));
    const uris = await runInDurableObject(stub, (agent: TenantAgent) =>
      [...agent.getConnections()].map((connection) => connection.uri ?? ""),
    );
    expect(uris.length).toBeGreaterThan(0);
    for (const uri of uris) expect(uri).not.toContain("token=");
    response.webSocket?.close(1000, "test done");
  });

  it("has agents refuse a connection that did not come through the gate", async () => {
    // Given a request straight to the Durable Object, with no caller attached
    const stub = env.TENANT_AGENT.get(env.TENANT_AGENT.idFromName(tenants.own));
    const response = await stub.fetch(
      new Request(`http://switchboard.test/agents/tenant-agent/${tenants.own}`, {
        headers: { upgrade: "websocket" },
      }),
    );
    // Then the agent itself says no
    expect(response.status).toBe(403);
    const ops = env.OPS_AGENT.get(env.OPS_AGENT.idFromName("main"));
    const asTenant = await ops.fetch(
      new Request("http://switchboard.test/agents/ops-agent/main", {
        headers: {
          upgrade: "websocket",
          [CALLER_HEADERS.role]: "tenant",
          [CALLER_HEADERS.tenant]: tenants.own,
          [CALLER_HEADERS.subject]: "t",
        },
      }),
    );
    expect(asTenant.status).toBe(403);
  });
});
