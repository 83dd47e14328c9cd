import type { Context } from "hono";
import { TenantId } from "../../events";
import type { TenantSummary } from "../../events/ops-state";
import { ProblemError } from "../../platform/http/problem";
import { opsAgent } from "../agent-stubs";

/** The registered tenant named by the `:id` path parameter, or a 404 problem. */
export async function registeredTenant(
  c: Context<{ Bindings: Env }>,
  id = c.req.param("id"),
): Promise<TenantSummary> {
  const parsed = TenantId.safeParse(id);
  const ops = await opsAgent(c.env);
  const tenant = parsed.success ? await ops.getTenant(parsed.data) : null;
  if (!tenant) throw new ProblemError(404, "not-found", "Not found", `No tenant ${id ?? ""}.`);
  return tenant;
}
