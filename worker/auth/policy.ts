/**
 * Who may call which HTTP route (DESIGN §8): one table, read by one middleware
 * (`authorize.ts`). A new route is one line here; a route without a line is reachable
 * by operators only, and any other caller gets the same 404 as for an unknown path.
 */
import type { Caller } from "../../events/caller";

/**
 * Where a tenant caller's tenant id is read from, to be compared with its own:
 * a path parameter, a query parameter, or the request body (the handler checks it with
 * `requireTenantScope`, since only the handler parses the body).
 */
export type TenantScope = { param: string } | { query: string } | "body";

/** What one rule allows: nobody needs a token (`public`), or these roles. */
export type Access =
  | "public"
  | {
      operator?: true;
      service?: true;
      /** Tenants may call it for their own tenant, found as this scope says. */
      tenant?: TenantScope;
      /**
       * The scrape token (`METRICS_SCRAPE_TOKEN`, auth/scrape-token.ts) opens it too. It
       * is a static secret, not a signed token with a role: a flag on the rule, checked
       * before the bearer token is verified, keeps it to the rules that name it.
       */
      scrape?: true;
    };

export type PolicyRule = {
  /** An HTTP method, or "*" for any. GET rules cover HEAD too. */
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "*";
  /** A path pattern: `:name` is one segment, a trailing `/*` any number (and none). */
  path: string;
  access: Access;
};

const OPERATOR = { operator: true } as const;
const OWN_TENANT_IN_PATH = { operator: true, tenant: { param: "id" } } as const;
const SERVICE_READ = { operator: true, service: true, tenant: { param: "tenant" } } as const;

/**
 * The table. The first rule that matches decides, so a narrower rule goes above a wider
 * one (an operator-only action under /api/tenants/:id/ goes above that line).
 */
export const HTTP_POLICY: readonly PolicyRule[] = [
  { method: "GET", path: "/api/health", access: "public" },
  // The API's machine-readable contract (http/openapi/): it holds no data.
  { method: "GET", path: "/api/openapi.json", access: "public" },
  // Ingest: services and operators for any tenant, a tenant only for its own tenant_id.
  { method: "POST", path: "/api/events", access: { ...OPERATOR, service: true, tenant: "body" } },
  { method: "GET", path: "/api/events", access: { ...OPERATOR, tenant: { query: "tenant" } } },
  { method: "GET", path: "/api/tenants", access: OPERATOR },
  { method: "POST", path: "/api/tenants", access: OPERATOR },
  { method: "*", path: "/api/tenants/:id", access: OWN_TENANT_IN_PATH },
  // What the agent has not sent yet: an operator's check, above the tenant's own routes.
  { method: "GET", path: "/api/tenants/:id/outbox", access: OPERATOR },
  // Pause, resume, archive and export a tenant (routes/tenant-pause.ts): operators only.
  { method: "POST", path: "/api/tenants/:id/pause", access: OPERATOR },
  { method: "POST", path: "/api/tenants/:id/resume", access: OPERATOR },
  { method: "POST", path: "/api/tenants/:id/archive", access: OPERATOR },
  { method: "GET", path: "/api/tenants/:id/export", access: OPERATOR },
  // strategy, strategy/versions, rollback, cycle, runs and their actions, content, research
  { method: "*", path: "/api/tenants/:id/*", access: OWN_TENANT_IN_PATH },
  // A chain is found by correlation id; a tenant passes ?tenant=<own id> and the
  // handler returns only that tenant's part of the chain.
  {
    method: "GET",
    path: "/api/trace/:correlation_id",
    access: { ...OPERATOR, tenant: { query: "tenant" } },
  },
  // Runs across tenants, and one action on every run a search finds (routes/runs.ts).
  { method: "GET", path: "/api/runs", access: OPERATOR },
  { method: "POST", path: "/api/runs/bulk", access: OPERATOR },
  // Any id to its tenant and chain: a tenant passes ?tenant=<own id> and finds only its own.
  { method: "GET", path: "/api/lookup/:id", access: { ...OPERATOR, tenant: { query: "tenant" } } },
  { method: "*", path: "/api/dlq/*", access: OPERATOR },
  // Send a tenant's logged events to its agent again, or preview it (routes/replay.ts).
  { method: "POST", path: "/api/replay", access: OPERATOR },
  // Who did what (http/audit.ts writes it).
  { method: "GET", path: "/api/audit", access: OPERATOR },
  // Alert rules, webhooks and deliveries (routes/alerts.ts): webhook secrets are answered here.
  { method: "*", path: "/api/alerts/*", access: OPERATOR },
  { method: "GET", path: "/api/routes", access: OPERATOR },
  // The OpsAgent outage drill (routes/ops-outage.ts).
  { method: "*", path: "/api/ops-agent/outage", access: OPERATOR },
  // Fault injection into the reference services (services/faults).
  { method: "*", path: "/api/services/*", access: OPERATOR },
  // What the reference services hold for a tenant (worker/http/routes/service-reads.ts).
  { method: "GET", path: "/services/publisher/:tenant/publications", access: SERVICE_READ },
  { method: "GET", path: "/services/social/:tenant/posts", access: SERVICE_READ },
  { method: "GET", path: "/services/analytics/:tenant/reports", access: SERVICE_READ },
  { method: "GET", path: "/api/metrics", access: OPERATOR },
  // The Prometheus scrape (routes/prometheus.ts): operators, or the scrape token.
  { method: "GET", path: "/metrics", access: { ...OPERATOR, scrape: true } },
  { method: "GET", path: "/api/feed", access: OPERATOR },
  // The research service's read API: by id, for operators and other services.
  { method: "GET", path: "/services/research/:id", access: { ...OPERATOR, service: true } },
];

/** A rule that matched a request, with the path parameters it captured (decoded). */
export type PolicyMatch = { rule: PolicyRule; params: Record<string, string> };

type Compiled = { rule: PolicyRule; regex: RegExp; names: string[] };

function compile(rule: PolicyRule): Compiled {
  const names: string[] = [];
  const wildcard = rule.path.endsWith("/*");
  const fixed = wildcard ? rule.path.slice(0, -2) : rule.path;
  const source = fixed
    .split("/")
    .map((segment) => {
      if (!segment.startsWith(":")) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      names.push(segment.slice(1));
      return "([^/]+)";
    })
    .join("/");
  return { rule, regex: new RegExp(`^${source}${wildcard ? "(?:/.*)?" : ""}$`), names };
}

/** Matches requests against a policy table, first rule first. */
export function policyMatcher(table: readonly PolicyRule[]) {
  const compiled = table.map(compile);
  return (method: string, path: string): PolicyMatch | null => {
    const verb = method === "HEAD" ? "GET" : method;
    for (const { rule, regex, names } of compiled) {
      if (rule.method !== "*" && rule.method !== verb) continue;
      const found = regex.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => {
        params[name] = safeDecode(found[index + 1] ?? "");
      });
      return { rule, params };
    }
    return null;
  };
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape cannot equal a tenant id, so keeping it raw fails closed.
    return segment;
  }
}

/** The outcome of applying a matched rule to a verified caller. */
export type Decision = { allow: true; checkBody: boolean } | { allow: false; detail: string };

/**
 * Decides for a verified caller. `query` reads a query parameter. A tenant whose scope is
 * the body is let through with `checkBody`, and the handler checks every tenant_id.
 */
export function decide(
  access: Exclude<Access, "public">,
  caller: Caller,
  params: Record<string, string>,
  query: (name: string) => string | undefined,
): Decision {
  if (caller.role === "operator" && access.operator) return { allow: true, checkBody: false };
  if (caller.role === "service" && access.service) return { allow: true, checkBody: false };
  if (caller.role === "tenant" && access.tenant) {
    const scope = access.tenant;
    if (scope === "body") return { allow: true, checkBody: true };
    const asked = "param" in scope ? params[scope.param] : query(scope.query);
    if (asked === caller.tenant) return { allow: true, checkBody: false };
    return {
      allow: false,
      detail:
        asked === undefined
          ? `A tenant token must name its own tenant (${"param" in scope ? scope.param : `?${scope.query}=`}${caller.tenant}).`
          : `This token is for tenant ${caller.tenant}, not ${asked.slice(0, 64)}.`,
    };
  }
  return { allow: false, detail: `A ${caller.role} token may not call this route.` };
}
