import type { Context } from "hono";
import { type Caller, mayActForTenant } from "../../events/caller";
import { forbidden } from "./authenticate";

/** What a route's `access` rule (access.ts) leaves for handlers: the caller, and whether the body needs a scope check. */
export type AuthContext = { caller: Caller; checkTenantBody: boolean };

declare module "hono" {
  interface ContextVariableMap {
    auth: AuthContext;
  }
}

/**
 * For routes whose tenant is in the body (ingest): throws 403 unless the caller may act
 * for every one of `tenantIds`. Call it right after parsing, before anything is changed.
 */
export function requireTenantScope(c: Context, tenantIds: readonly string[]): void {
  const auth: AuthContext | undefined = c.get("auth");
  // No caller means the route has no `access` rule that names one: refuse rather than guess.
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
