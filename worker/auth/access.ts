import { Hono, type MiddlewareHandler, type Schema } from "hono";
import { matchedRoutes } from "hono/route";
import { notFound } from "../../platform/http/problem";
import { authenticate, bearerToken, forbidden } from "./authenticate";
import { type Access, decide } from "./policy";
import { isScrapeToken } from "./scrape-token";

/**
 * Who may call an HTTP route, declared on the route itself (DESIGN §8):
 * `.get("/:id", access(OWN_TENANT), handler)`, or on a whole sub-app it guards
 * (`guarded(OPERATOR, faultRoutes)`). The `gate` in front of the API lets a request
 * through to a route's `access` when it has one; a route without one is reachable by
 * operators only, and any other caller gets the same 404 as for an unknown path, so a
 * route added without a rule is never open.
 */

export const PUBLIC = "public" as const;
export const OPERATOR = { operator: true } as const;
/** Operators, and a tenant for its own tenant, named by the path's `:id`. */
export const OWN_TENANT = { operator: true, tenant: { param: "id" } } as const;
/** Operators, and a tenant that names its own tenant in `?tenant=` (the handler filters to it). */
export const OWN_TENANT_IN_QUERY = { operator: true, tenant: { query: "tenant" } } as const;
/** Ingest: services and operators for any tenant, a tenant only for its own `tenant_id`s. */
export const INGEST = { operator: true, service: true, tenant: "body" } as const;
/** What a service holds for a tenant: operators, services, and that tenant (`:tenant`). */
export const SERVICE_READ = { operator: true, service: true, tenant: { param: "tenant" } } as const;
/** A read by id for other services (the research read API): operators and services. */
export const OPERATOR_OR_SERVICE = { operator: true, service: true } as const;
/** The Prometheus scrape: operators, or the scrape token (`METRICS_SCRAPE_TOKEN`). */
export const OPERATOR_OR_SCRAPE = { operator: true, scrape: true } as const;

/** Which middleware is an access rule, and which rule: the gate and the OpenAPI read it. */
const RULES = new WeakMap<object, Access>();

/** The rule an access middleware applies, or undefined for any other handler. */
export function ruleOf(handler: object): Access | undefined {
  return RULES.get(handler);
}

/**
 * The middleware of one rule. Public passes; the scrape token passes where the rule
 * takes it (it names no caller, so the handler gets no `auth`); everything else needs a
 * verified bearer token (401 without one, 503 when no secret is configured) of a role
 * the rule allows (403 otherwise, saying why). It leaves `auth` for the handler.
 */
export function access(rule: Access): MiddlewareHandler<{ Bindings: Env }> {
  const middleware: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
    if (rule === "public") return next();
    const token = bearerToken(c.req.header("authorization"));
    if (rule.scrape && (await isScrapeToken(c.env, token))) return next();
    const caller = await authenticate(c.env, token);
    const decision = decide(rule, caller, c.req.param() as Record<string, string>, (name) =>
      c.req.query(name),
    );
    if (!decision.allow) throw forbidden(decision.detail);
    c.set("auth", { caller, checkTenantBody: decision.checkBody });
    return next();
  };
  RULES.set(middleware, rule);
  return middleware;
}

/**
 * A sub-app behind one rule for all its routes (one the Worker mounts from elsewhere,
 * such as the services' faults API). The rule runs first, then the sub-app's routes;
 * its routes' types carry through for the typed client.
 */
export function guarded<S extends Schema>(rule: Access, sub: Hono<{ Bindings: Env }, S>) {
  return new Hono<{ Bindings: Env }>().use("*", access(rule)).route("/", sub);
}

/**
 * In front of every gated path: a request whose route declares its access goes on to
 * that rule. Anything else — an unknown path, or a route without a rule — is for
 * operators only: they reach the router (usually its 404), everyone else gets the 404.
 */
export function gate(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    if (matchedRoutes(c).some((route) => RULES.has(route.handler))) return next();
    const caller = await authenticate(c.env, bearerToken(c.req.header("authorization")));
    if (caller.role !== "operator") return notFound(c);
    c.set("auth", { caller, checkTenantBody: false });
    return next();
  };
}
