/**
 * The gate in front of every agent: WebSockets (`onBeforeConnect`) and plain HTTP
 * (`onBeforeRequest`) to `/agents/<agent>/<name>` pass here before an agent sees them.
 * Browsers cannot set headers on a WebSocket upgrade, so the token comes in the `token`
 * query parameter (or `Authorization: Bearer` from other clients).
 *
 * It admits only what Switchboard uses (the dashboard's sockets): exactly
 * `/agents/<agent>/<name>` for an agent and instance name in the table below, none of
 * the SDK's other routes (`/sub/...` facets), and none of the headers or query
 * parameters the SDK reads internally (docs/SECURITY.md, "The agent gate").
 */
import { routeAgentRequest } from "agents";
import { TenantId } from "../../events";
import { type Caller, withCallerHeaders } from "../../events/caller";
import { OPS_AGENT_NAME } from "../../events/ops-state";
import { ProblemError, problemResponse, toProblem } from "../../platform/http/problem";
import { log } from "../../platform/log";
import { originAllowed } from "../http/security";
import { authenticate, bearerToken, forbidden } from "./authenticate";

/** Who may reach an agent: operators, and (for tenant agents) the tenant it is named after. */
type AgentAccess = {
  binding: string;
  tenantByName: boolean;
  /** The instance names Switchboard addresses; any other is a 404. */
  names: (name: string) => boolean;
};

/** One line per agent, keyed by its URL segment (the kebab-case binding name). */
export const AGENT_POLICY: Readonly<Record<string, AgentAccess>> = {
  "tenant-agent": {
    binding: "TENANT_AGENT",
    tenantByName: true,
    names: (name) => TenantId.safeParse(name).success,
  },
  "ops-agent": {
    binding: "OPS_AGENT",
    tenantByName: false,
    names: (name) => name === OPS_AGENT_NAME,
  },
};

/**
 * The only request headers an agent receives: the WebSocket handshake, plus the caller
 * the gate sets. Everything else is dropped, so none of the SDK's internal headers
 * (`x-agents-lifecycle-props`, `x-cf-agents-subagent-url`, and any it adds later) can
 * be sent by a client.
 */
const FORWARDED_HEADERS = [
  "upgrade",
  "connection",
  "origin",
  "user-agent",
  "sec-websocket-key",
  "sec-websocket-version",
  "sec-websocket-protocol",
  "sec-websocket-extensions",
] as const;

/** The only query parameter an agent receives: partysocket's connection id. */
const FORWARDED_QUERY = ["_pk"] as const;

/**
 * Whether a path is exactly `/agents/<agent>/<name>` for an agent and name in the table.
 * Own properties only: `toString`, `__proto__` and the like name no agent.
 */
export function isAgentPath(pathname: string): boolean {
  const parts = pathname.split("/");
  if (parts.length !== 4 || parts[0] !== "" || parts[1] !== "agents") return false;
  const [, , agent = "", name = ""] = parts;
  if (!Object.hasOwn(AGENT_POLICY, agent)) return false;
  return AGENT_POLICY[agent]?.names(name) ?? false;
}

type Route = { className: string; name: string };

/**
 * The answer to a request for an agent path (`isAgentPath`): the agent's, once the gate
 * admits it, or a problem. An agent that fails gets a plain 500 problem, never the
 * SDK's error text (which carries a stack trace).
 */
export async function serveAgent(request: Request, env: Env): Promise<Response | null> {
  try {
    const response = await routeAgentRequest(request, env, agentGate(env));
    return response && withoutErrorText(response);
  } catch (error) {
    log({ level: "error", msg: "agent failed", error: String(error) });
    return problemResponse(toProblem(error));
  }
}

/** `routeAgentRequest` options that check every connection and request first. */
export function agentGate(env: Env) {
  return {
    onBeforeConnect: (request: Request, route: Route) => admit(request, route, env),
    onBeforeRequest: async (request: Request, route: Route) => {
      const admitted = await admit(request, route, env);
      return admitted instanceof Response ? admitted : upgradeRequired();
    },
  };
}

/**
 * The request to forward, carrying the verified caller in headers (never the token), or
 * the problem to answer with: 401/503 as for HTTP, 403 for a caller who may not reach
 * this agent, or a browser page on another origin.
 */
export async function admit(request: Request, route: Route, env: Env): Promise<Request | Response> {
  try {
    if (!originAllowed(request.headers.get("origin"), request.url, env)) {
      throw forbidden("This origin may not connect; add it to CORS_ORIGINS.");
    }
    const url = new URL(request.url);
    const token =
      url.searchParams.get("token") ?? bearerToken(request.headers.get("authorization"));
    const caller = await authenticate(env, token);
    const access = Object.values(AGENT_POLICY).find((a) => a.binding === route.className);
    if (!access || !mayReach(caller, access, route.name)) {
      throw forbidden(`A ${caller.role} token may not reach this agent.`);
    }
    return new Request(forwardedUrl(url), {
      method: request.method,
      headers: withCallerHeaders(forwardedHeaders(request.headers), caller),
    });
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return problemResponse(toProblem(error), error.headers);
  }
}

function mayReach(caller: Caller, access: AgentAccess, name: string): boolean {
  if (caller.role === "operator") return true;
  return access.tenantByName && caller.role === "tenant" && caller.tenant === name;
}

function forwardedHeaders(headers: Headers): Headers {
  const kept = new Headers();
  for (const name of FORWARDED_HEADERS) {
    const value = headers.get(name);
    if (value !== null) kept.set(name, value);
  }
  return kept;
}

function forwardedUrl(url: URL): string {
  const kept = new URL(url.pathname, url.origin);
  for (const name of FORWARDED_QUERY) {
    const value = url.searchParams.get(name);
    if (value !== null) kept.searchParams.set(name, value);
  }
  return kept.toString();
}

/** Switchboard talks to agents over WebSockets only; plain HTTP reaches none. */
function upgradeRequired(): Response {
  return problemResponse(
    toProblem(
      new ProblemError(
        426,
        "upgrade-required",
        "Upgrade required",
        "Agents are reached over WebSocket (Upgrade: websocket).",
      ),
    ),
    { upgrade: "websocket" },
  );
}

/** A failed agent's own 5xx text (the SDK answers with the error's stack) → a plain 500. */
function withoutErrorText(response: Response): Response {
  const problem = response.headers.get("content-type") === "application/problem+json";
  if (response.status < 500 || response.webSocket || problem) return response;
  log({ level: "error", msg: "agent failed", status: response.status });
  return problemResponse(toProblem(new Error(`agent answered ${response.status}`)));
}
