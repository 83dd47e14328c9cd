/**
 * The gate in front of every agent: WebSockets (`onBeforeConnect`) and plain HTTP
 * (`onBeforeRequest`) to `/agents/<agent>/<name>` pass here before an agent sees them.
 * Browsers cannot set headers on a WebSocket upgrade, so the token comes in the `token`
 * query parameter (or `Authorization: Bearer` from other clients).
 */
import { type Caller, withCallerHeaders } from "../../agents/shared/caller";
import { ProblemError, problemResponse, toProblem } from "../http/problem";
import { originAllowed } from "../http/security";
import { authenticate, bearerToken, forbidden } from "./authenticate";

/** Who may reach an agent: operators, and (for tenant agents) the tenant it is named after. */
type AgentAccess = { binding: string; tenantByName: boolean };

/** One line per agent, keyed by its URL segment (the kebab-case binding name). */
export const AGENT_POLICY: Readonly<Record<string, AgentAccess>> = {
  "tenant-agent": { binding: "TENANT_AGENT", tenantByName: true },
  "ops-agent": { binding: "OPS_AGENT", tenantByName: false },
};

/** Whether a path names an agent in the table (`/agents/<agent>/<name>...`). */
export function isAgentPath(pathname: string): boolean {
  const [, prefix, agent, name] = pathname.split("/");
  return prefix === "agents" && agent !== undefined && agent in AGENT_POLICY && !!name;
}

type Route = { className: string; name: string };

/** `routeAgentRequest` options that check every connection and request first. */
export function agentGate(env: Env) {
  const check = (request: Request, route: Route) => admit(request, route, env);
  return { onBeforeConnect: check, onBeforeRequest: check };
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
    url.searchParams.delete("token");
    const headers = withCallerHeaders(request.headers, caller);
    headers.delete("authorization");
    return new Request(new Request(url.toString(), request), { headers });
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return problemResponse(toProblem(error), error.headers);
  }
}

function mayReach(caller: Caller, access: AgentAccess, name: string): boolean {
  if (caller.role === "operator") return true;
  return access.tenantByName && caller.role === "tenant" && caller.tenant === name;
}
