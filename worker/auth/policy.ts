/**
 * What an access rule says and how it decides for a verified caller (DESIGN §8). The
 * rules are declared on the routes themselves (`access.ts`: `access(OWN_TENANT)` beside
 * the handler); this file is the pure decision they share.
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

/** The outcome of applying a rule to a verified caller. */
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
