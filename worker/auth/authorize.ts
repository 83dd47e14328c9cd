import type { Context, MiddlewareHandler } from "hono";
import { type Caller, mayActForTenant } from "../../events/caller";
import { notFound } from "../../platform/http/problem";
import { authenticate, bearerToken, forbidden } from "./authenticate";
import { decide, HTTP_POLICY, type PolicyRule, policyMatcher } from "./policy";
import { isScrapeToken } from "./scrape-token";

/** What the middleware leaves for handlers: the caller, and whether the body needs a scope check. */
export type AuthContext = { caller: Caller; checkTenantBody: boolean };

declare module "hono" {
  interface ContextVariableMap {
    auth: AuthContext;
  }
}

/**
 * The one place that decides who may call which HTTP route, from a policy table
 * (`policy.ts`). Public routes pass, and so does the scrape token on a rule that takes
 * it (`scrape`); everything else needs a verified bearer token
 * (401 without one, 503 when no secret is configured), and a role the rule allows
 * (403 otherwise). Paths with no rule: operators go on to the router (usually its 404),
 * everyone else gets that 404 here, so a route added without a rule is never open.
 */
export function authorize(table: readonly PolicyRule[] = HTTP_POLICY): MiddlewareHandler<{
  Bindings: Env;
}> {
  const match = policyMatcher(table);
  return async (c, next) => {
    const found = match(c.req.method, c.req.path);
    const access = found?.rule.access;
    if (access === "public") return next();

    const token = bearerToken(c.req.header("authorization"));
    // A rule that takes the scrape token lets it through before any signed token is
    // verified: it names no caller, so the handler gets no `auth` (the scrape needs none).
    if (access?.scrape && (await isScrapeToken(c.env, token))) return next();
    const caller = await authenticate(c.env, token);
    if (!found || access === undefined) {
      if (caller.role !== "operator") return notFound(c);
      c.set("auth", { caller, checkTenantBody: false });
      return next();
    }
    const decision = decide(access, caller, found.params, (name) => c.req.query(name));
    if (!decision.allow) throw forbidden(decision.detail);
    c.set("auth", { caller, checkTenantBody: decision.checkBody });
    return next();
  };
}

/**
 * For routes whose tenant is in the body (ingest): throws 403 unless the caller may act
 * for every one of `tenantIds`. Call it right after parsing, before anything is changed.
 */
export function requireTenantScope(c: Context, tenantIds: readonly string[]): void {
  const auth: AuthContext | undefined = c.get("auth");
  // No caller means the route was mounted outside `authorize`: refuse rather than guess.
  if (!auth) throw forbidden("This route has no verified caller.");
  if (!auth.checkTenantBody) return;
  const others = [...new Set(tenantIds)].filter((id) => !mayActForTenant(auth.caller, id));
  if (others.length > 0) {
    throw forbidden(
      `This token may send only for its own tenant; not for ${others.slice(0, 5).join(", ")}${others.length > 5 ? " …" : ""}. Nothing was accepted.`,
    );
  }
}

/**
 * The one tenant a caller is confined to: a tenant token's own id, or undefined for
 * operators and services. For handlers whose data spans tenants (a trace by correlation
 * id): filter to this tenant when it is set.
 */
export function tenantScopeOf(c: Context): string | undefined {
  const auth: AuthContext | undefined = c.get("auth");
  return auth?.caller.role === "tenant" ? auth.caller.tenant : undefined;
}
