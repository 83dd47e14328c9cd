import { Hono } from "hono";
import { BudgetInput } from "../../../events";
import { toFieldErrors } from "../../../platform/http/field-errors";
import { readJsonBody } from "../../../platform/http/json-body";
import { ProblemError, unprocessable } from "../../../platform/http/problem";
import { opsAgent } from "../../agent-stubs";
import { access, OWN_TENANT } from "../../auth/access";
import { registeredTenant } from "../tenant-param";

/**
 * `/api/tenants/:id/budget` (operators; that tenant): this month's spend against the
 * tenant's monthly budget, and setting or removing the budget. A budget with
 * `pause_runs` holds the tenant's new content runs once the spend reaches it; they start
 * when the budget is raised or removed, or the month turns (agents/ops/budgets.ts).
 */
export const tenantBudgetRoutes = new Hono<{ Bindings: Env }>()
  .get("/", access(OWN_TENANT), async (c) => {
    const tenant = await registeredTenant(c);
    return c.json(await (await opsAgent(c.env)).tenantBudget(tenant.id));
  })
  .put("/", access(OWN_TENANT), async (c) => {
    const parsed = BudgetInput.safeParse(await readJsonBody(c, 4 * 1024));
    if (!parsed.success)
      throw unprocessable("The budget is not valid.", toFieldErrors(parsed.error));
    return c.json(await setBudget(c, parsed.data));
  })
  .delete("/", access(OWN_TENANT), async (c) => c.json(await setBudget(c, null)));

async function setBudget(c: Parameters<typeof registeredTenant>[0], budget: BudgetInput | null) {
  const id = c.req.param("id") ?? "";
  const ops = await opsAgent(c.env);
  const status = await ops.setTenantBudget(id, budget, c.get("auth").caller.subject);
  if (!status) throw new ProblemError(404, "not-found", "Not found", `No tenant ${id}.`);
  return status;
}
