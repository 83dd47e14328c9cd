import { Hono } from "hono";
import { z } from "zod";
import { TenantId } from "../../../events";
import { parseQuery } from "../../../platform/http/query";
import { opsAgent } from "../../agent-stubs";
import { access, OPERATOR } from "../../auth/access";

export const AuditQuery = z.object({
  /** The token subject that acted (`operator:alice`, `tenant:acme`). */
  actor: z.string().min(1).max(200).optional(),
  /** An action name (`strategy.update`, `run.approve`, `dlq.redrive`, …). */
  action: z.string().min(1).max(200).optional(),
  tenant: TenantId.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** A `seq` cursor: entries older than it (the previous page's `next_before`). */
  before: z.coerce.number().int().min(1).optional(),
});

/** The audit log (operators): who did what, when, to what, with what outcome. */
export const auditRoutes = new Hono<{ Bindings: Env }>().get("/", access(OPERATOR), async (c) => {
  const { limit, ...filter } = parseQuery(c, AuditQuery);
  // One more than a page: whether it is there says if another page follows.
  const found = await opsAgent(c.env).listAudit({ ...filter, limit: limit + 1 });
  const entries = found.slice(0, limit);
  const last = entries.at(-1);
  return c.json({
    entries,
    next_before: found.length > limit && last ? last.seq : null,
  });
});
