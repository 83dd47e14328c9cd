import { env, exports } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { CALLER_HEADERS } from "../events/caller";
import { admit } from "../worker/auth/agent-gate";
import { createTenant, uniqueTenant } from "./support/api";
import { mintToken } from "./support/auth";

/** What a stack trace looks like in a body: "at fn (file.js:12:3)". */
const STACK_LINE = /\bat .*\.(?:js|ts|mjs):\d+/;

let tenant: string;
let tenantToken: string;
let operatorToken: string;

beforeAll(async () => {
  tenant = await createTenant(uniqueTenant("gate"));
  tenantToken = await mintToken({ role: "tenant", tenant });
  operatorToken = await mintToken({ role: "operator" });
});

function request(path: string, token: string | null, headers: Record<string, string> = {}) {
  const url = new URL(`http://switchboard.test${path}`);
  if (token !== null) url.searchParams.set("token", token);
  return exports.default.fetch(new Request(url, { headers }));
}

/** A WebSocket upgrade as the dashboard sends it, with extra headers a client made up. */
function upgrade(path: string, token: string | null, headers: Record<string, string> = {}) {
  return request(path, token, { upgrade: "websocket", ...headers });
}

/** The first thing the agent says on an accepted socket (the SDK always says something). */
async function firstMessage(response: Response): Promise<string> {
  const socket = response.webSocket;
  if (!socket) throw new Error(`no WebSocket: ${response.status}`);
  const message = new Promise<string>((resolve) =>
    socket.addEventListener("message", (event) => resolve(String(event.data)), { once: true }),
  );
  socket.accept();
  const text = await message;
  socket.close(1000, "test done");
  return text;
}

async function expectNotFoundProblem(response: Response): Promise<void> {
  expect(response.status).toBe(404);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = await response.text();
  expect(JSON.parse(body)).toMatchObject({ status: 404, title: "Not found" });
  expect(body).not.toMatch(STACK_LINE);
}

describe("the agent gate, against hostile paths", () => {
  it.each([
    "toString",
    "constructor",
    "__proto__",
    "hasOwnProperty",
    "valueOf",
    "publisher-service",
    "Tenant-Agent",
    "tenant%2Dagent",
  ])("answers /agents/%s/x with a 404 problem, with or without a token", async (agent) => {
    await expectNotFoundProblem(await request(`/agents/${agent}/x`, null));
    await expectNotFoundProblem(await upgrade(`/agents/${agent}/x`, operatorToken));
  });

  it("refuses the SDK's sub-agent route: a tenant's socket opens no OpsAgent facet", async () => {
    // Given a tenant with a good token for its own agent
    // When it asks its own agent for an OpsAgent sub-agent
    const response = await upgrade(
      `/agents/tenant-agent/${tenant}/sub/ops-agent/main`,
      tenantToken,
    );
    // Then no socket opens: the path does not exist
    expect(response.webSocket).toBeNull();
    await expectNotFoundProblem(response);
  });

  it.each([
    ["a trailing slash", (t: string) => `/agents/tenant-agent/${t}/`],
    ["any sub-path", (t: string) => `/agents/tenant-agent/${t}/anything`],
    ["a doubled slash", (t: string) => `/agents//tenant-agent/${t}`],
    ["a name that is no tenant id", () => "/agents/tenant-agent/Not_A_Tenant"],
    ["an OpsAgent other than main", () => "/agents/ops-agent/other"],
  ])("answers a path with %s with a 404 problem, even for an operator", async (_case, path) => {
    await expectNotFoundProblem(await upgrade(path(tenant), operatorToken));
  });

  it("answers plain HTTP to an agent with 426, not the SDK's own text", async () => {
    const response = await request("/agents/ops-agent/main", operatorToken);
    expect(response.status).toBe(426);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.headers.get("upgrade")).toBe("websocket");
  });

  it("still opens the dashboard's own sockets", async () => {
    const own = await upgrade(`/agents/tenant-agent/${tenant}`, tenantToken);
    expect(own.status).toBe(101);
    expect(JSON.parse(await firstMessage(own))).toMatchObject({ type: "cf_agent_identity" });
    const ops = await upgrade("/agents/ops-agent/main", operatorToken);
    expect(ops.status).toBe(101);
    expect(JSON.parse(await firstMessage(ops))).toMatchObject({ type: "cf_agent_identity" });
  });
});

describe("the agent gate, against the SDK's internal headers", () => {
  it("keeps malformed lifecycle props from the agent: the socket opens with no stack trace", async () => {
    // Given a client that sends the header the SDK decodes as start-up props
    const response = await upgrade(`/agents/tenant-agent/${tenant}`, tenantToken, {
      "x-agents-lifecycle-props": "!!! not base64",
    });
    // Then the agent greets it as any dashboard, instead of sending its error and stack
    expect(response.status).toBe(101);
    const greeting = await firstMessage(response);
    expect(greeting).not.toMatch(STACK_LINE);
    expect(JSON.parse(greeting)).toMatchObject({ type: "cf_agent_identity", name: tenant });
  });

  it("forwards only the WebSocket handshake and the verified caller, and only _pk in the query", async () => {
    // Given an upgrade carrying every kind of header the SDK or partyserver reads itself
    const url = new URL(`http://switchboard.test/agents/tenant-agent/${tenant}`);
    url.searchParams.set("token", tenantToken);
    url.searchParams.set("_pk", "connection-1");
    url.searchParams.set("__agents_transport", "capnweb");
    const hostile = new Request(url, {
      headers: {
        upgrade: "websocket",
        "sec-websocket-version": "13",
        "x-agents-lifecycle-props": btoa(JSON.stringify({ role: "operator" })),
        "x-cf-agents-subagent-url": "http://switchboard.test/agents/ops-agent/main",
        "x-cf-harness-token": "t",
        "x-partykit-room": "main",
        "x-partykit-namespace": "ops-agent",
        "x-agent-name": "main",
        cookie: "session=1",
        [CALLER_HEADERS.role]: "operator",
      },
    });

    // When the gate admits it
    const forwarded = await admit(hostile, { className: "TENANT_AGENT", name: tenant }, env);

    // Then the agent would see the handshake and the caller, nothing else
    if (!(forwarded instanceof Request)) throw new Error(`refused: ${forwarded.status}`);
    const expected = new Set<string>([
      "upgrade",
      "sec-websocket-version",
      ...Object.values(CALLER_HEADERS),
    ]);
    expect([...forwarded.headers.keys()].filter((name) => !expected.has(name))).toEqual([]);
    expect(forwarded.headers.get("upgrade")).toBe("websocket");
    expect(forwarded.headers.get(CALLER_HEADERS.role)).toBe("tenant");
    expect(forwarded.headers.get(CALLER_HEADERS.tenant)).toBe(tenant);
    expect(new URL(forwarded.url).search).toBe("?_pk=connection-1");
  });
});
