import type { Context } from "hono";
import type { TenantSummary } from "../../agents/ops-state";
import { TenantId } from "../../events";
import { opsAgent } from "../agent-stubs";
import { ProblemError } from "./problem";

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
