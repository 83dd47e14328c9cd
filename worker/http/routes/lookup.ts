import { Hono } from "hono";
import { z } from "zod";
import type { LookupHit } from "../../../agents/tenant/lookup";
import { TenantId } from "../../../events";
import { badRequest, ProblemError } from "../../../platform/http/problem";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent, tenantAgent } from "../../agent-stubs";
import { access, OWN_TENANT_IN_QUERY } from "../../auth/access";
import { tenantScopeOf } from "../../auth/authorize";
import { askTenants } from "../tenant-fan-out";

export const LookupQuery = z.object({ tenant: TenantId.optional() });
/** Anything pasted: an id, or a page's address (a full URL, percent-encoded in the path). */
export const LookupId = z.string().min(1).max(2048);

/** A published page's address: `/sites/<tenant>/<slug>`, alone or in a full URL. */
const PAGE = /^(?:https?:\/\/[^/]+)?\/sites\/([a-z0-9][a-z0-9-]{0,62})\/([^/?#]+)\/?(?:[?#].*)?$/;

const TRIED = "event, correlation, run, content or dead-letter id, or page URL";

type Found = {
  kind: "event" | "correlation" | "run" | "content" | "letter" | "page";
  tenant_id: string | null;
  correlation_id: string | null;
};

/**
 * `GET /api/lookup/:id?tenant=`: what an id is and which tenant and chain it belongs
 * to, with the trace's address. A page URL names its tenant; a dead letter is found in
 * the OpsAgent's store (by its id or its message's event id); any other id is asked of
 * the tenant's agent — the caller's own for a tenant (which must pass `?tenant=`, as for
 * a trace), the one `?tenant=` names for an operator, else every tenant's, at most 16 at
 * a time, until one knows it.
 */
export const lookupRoutes = new Hono<{ Bindings: Env }>().get(
  "/:id",
  access(OWN_TENANT_IN_QUERY),
  async (c) => {
    const { tenant: asked } = parseQuery(c, LookupQuery);
    const parsedId = LookupId.safeParse(c.req.param("id"));
    if (!parsedId.success)
      throw badRequest("The id is not valid.", [{ path: "id", message: "1 to 2048 characters" }]);
    const id = parsedId.data.trim();
    // A tenant's scope is its own tenant (the gate checked `?tenant=` is it).
    const scope = tenantScopeOf(c) ?? asked;
    const found = await find(c.env, id, scope);
    if (!found) {
      throw new ProblemError(
        404,
        "not-found",
        "Not found",
        `No ${TRIED} is ${id.slice(0, 200)}${scope ? ` in tenant ${scope}` : " in any tenant"}.`,
      );
    }
    const { correlation_id, tenant_id } = found;
    return c.json({
      id,
      kind: found.kind,
      tenant_id,
      correlation_id,
      trace_url:
        correlation_id && tenant_id
          ? `/api/trace/${encodeURIComponent(correlation_id)}?tenant=${encodeURIComponent(tenant_id)}`
          : null,
    });
  },
);

async function find(env: Env, id: string, scope: string | undefined): Promise<Found | null> {
  const page = PAGE.exec(id);
  if (page) {
    const [, tenant = "", slug = ""] = page;
    if (scope !== undefined && tenant !== scope) return null;
    if (!(await opsAgent(env).getTenant(tenant))) return null;
    const hit = await tenantAgent(env, tenant).lookupPage(safeDecode(slug));
    return hit ? { kind: "page", tenant_id: tenant, correlation_id: hit.correlation_id } : null;
  }
  const ops = opsAgent(env);
  const letter = await ops.findLetter(id, scope);
  if (letter) {
    return { kind: "letter", tenant_id: letter.tenant_id, correlation_id: letter.correlation_id };
  }
  let tenants: string[];
  if (scope !== undefined) {
    if (!(await ops.getTenant(scope))) return null;
    tenants = [scope];
  } else {
    tenants = (await ops.listTenants()).map((t) => t.id);
  }
  const answers = await askTenants(tenants, (tenant) => tenantAgent(env, tenant).lookup(id), {
    stopAt: (hit: LookupHit | null) => hit !== null,
  });
  const index = answers.findIndex((hit) => hit);
  const hit = answers[index];
  const tenant = tenants[index];
  return hit && tenant
    ? { kind: hit.kind, tenant_id: tenant, correlation_id: hit.correlation_id }
    : null;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape names no slug the publisher made: the lookup finds nothing.
    return segment;
  }
}
