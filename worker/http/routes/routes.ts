import { Hono } from "hono";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";
import { routeTable } from "../../routing/route-table";

/** The route table as data, each rule with its hit count (kept by the OpsAgent). */
export const routeTableRoutes = new Hono<{ Bindings: Env }>().get(
  "/",
  access(OPERATOR),
  async (c) => {
    const ops = await opsAgent(c.env);
    const hits = new Map((await ops.routeHits()).map((h) => [h.rule, h]));
    return c.json({
      version: routeTable.version,
      rules: routeTable.rules.map((rule) => ({
        ...rule,
        hits: hits.get(rule.id)?.hits ?? 0,
        last_hit_at: hits.get(rule.id)?.last_hit_at ?? null,
      })),
    });
  },
);
