import { z } from "zod";
import { count, maybeText, text } from "./fields";

/** One action in the audit log: who did what, when, to what, with what outcome. */
export const AuditEntry = z.looseObject({
  seq: count,
  at: text,
  /** The token's subject. */
  actor: text,
  role: text,
  action: text,
  method: text,
  path: text,
  tenant_id: maybeText,
  target: maybeText,
  status: count,
  /** `ok`, `refused` (4xx: nothing changed) or `failed` (5xx). */
  outcome: text,
});
export type AuditEntry = z.infer<typeof AuditEntry>;

/** `GET /api/audit`: newest first; `next_before` is the next page's `before`. */
export const AuditPage = z.object({
  entries: z.array(AuditEntry),
  next_before: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPage>;
