/**
 * Who may call an operation, read from the rules the routes themselves declare
 * (`access(rule)` beside each handler, `../../auth/access.ts`), never written down a
 * second time: the document cannot say one thing while the gate does another.
 */
import { OPERATOR, ruleOf } from "../../auth/access";
import type { Access, TenantScope } from "../../auth/policy";

/** The paths `app.ts` puts behind the gate; everything else (the sites) is public. */
const GATED_PREFIXES = ["/api/", "/services/", "/metrics"];

/** A route as Hono lists it (`app.routes`): a middleware or a handler on a path. */
export type RouteEntry = { method: string; path: string; handler: object };

/** Who may call an operation (`get`, `/api/tenants/{id}`). */
export type AccessOf = (method: string, path: string) => Access;

/**
 * The access rule of each OpenAPI path, from the app's routes: the `access` middleware
 * registered for that method and path, or the `guarded` one over its sub-app. A gated
 * path without one is what the gate makes of it: operators only.
 */
export function accessFromRoutes(routes: () => readonly RouteEntry[]): AccessOf {
  return (method, path) => {
    if (!GATED_PREFIXES.some((prefix) => path.startsWith(prefix))) return "public";
    return declaredAccess(routes(), method, path) ?? OPERATOR;
  };
}

/** The rule declared for one operation, or undefined when none is. */
export function declaredAccess(
  routes: readonly RouteEntry[],
  method: string,
  path: string,
): Access | undefined {
  const honoPath = path.replace(/\{([^}]+)\}/g, ":$1");
  const verb = method.toUpperCase();
  for (const route of routes) {
    const rule = ruleOf(route.handler);
    if (!rule || (route.method !== "ALL" && route.method !== verb)) continue;
    if (route.path === honoPath) return rule;
    // A sub-app's rule (`guarded`): its path and everything below it.
    if (route.path.endsWith("/*")) {
      const base = route.path.slice(0, -2);
      if (honoPath === base || honoPath.startsWith(`${base}/`)) return rule;
    }
  }
  return undefined;
}

function scopeText(scope: TenantScope): string {
  if (scope === "body") return "tenant (its own tenant_id in the body)";
  if ("param" in scope) return `tenant (its own, as {${scope.param}})`;
  return `tenant (its own, as ?${scope.query}=)`;
}

/** The callers in words, for `x-access` and the dashboard: `["operator", "service"]`. */
export function callersOf(access: Access): string[] {
  if (access === "public") return ["public"];
  return [
    ...(access.operator ? ["operator"] : []),
    ...(access.tenant ? [scopeText(access.tenant)] : []),
    ...(access.service ? ["service"] : []),
    ...(access.scrape ? ["scrape token (METRICS_SCRAPE_TOKEN)"] : []),
  ];
}
