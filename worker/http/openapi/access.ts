/**
 * Who may call an operation, read from the policy table the `authorize` middleware
 * enforces (`../../auth/policy.ts`), never written down a second time: the document
 * cannot say one thing while the gate does another.
 */
import { type Access, HTTP_POLICY, policyMatcher, type TenantScope } from "../../auth/policy";

/** The paths `app.ts` puts behind `authorize`; everything else (the sites) is public. */
const GATED_PREFIXES = ["/api/", "/services/", "/metrics"];

const match = policyMatcher(HTTP_POLICY);

/**
 * The access rule for an OpenAPI path (`/api/tenants/{id}`). A gated path without a
 * rule is what `authorize` makes of it: operators only.
 */
export function accessOf(method: string, path: string): Access {
  if (!GATED_PREFIXES.some((prefix) => path.startsWith(prefix))) return "public";
  const sample = path.replace(/\{[^}]+\}/g, "sample");
  return match(method.toUpperCase(), sample)?.rule.access ?? { operator: true };
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
