import type { DeadLetter } from "./dead-letters";

/** A dead letter as a lookup names it: its id, tenant and the chain its message is in. */
export type LetterHit = {
  id: string;
  tenant_id: string | null;
  event_id: string | null;
  correlation_id: string | null;
};

/**
 * The letter with this id, or else the newest letter of the message with this event id
 * (one that never reached its agent is found only here), in `tenant`'s letters when it
 * is given. The id is the primary key; the event id is looked up within the tenant's
 * letters by its index when the tenant is known, else over the store (at most 1,000
 * letters a tenant).
 */
export function findLetter(sql: SqlStorage, id: string, tenant?: string): LetterHit | null {
  const scope = tenant === undefined ? "" : "AND tenant_id = ?";
  const scoped = tenant === undefined ? [] : [tenant];
  const row =
    sql
      .exec<Pick<DeadLetter, "id" | "tenant_id" | "event_id" | "body">>(
        `SELECT id, tenant_id, event_id, body FROM dead_letters WHERE id = ? ${scope}`,
        id,
        ...scoped,
      )
      .toArray()[0] ??
    sql
      .exec<Pick<DeadLetter, "id" | "tenant_id" | "event_id" | "body">>(
        `SELECT id, tenant_id, event_id, body FROM dead_letters WHERE event_id = ? ${scope}
         ORDER BY last_seen DESC LIMIT 1`,
        id,
        ...scoped,
      )
      .toArray()[0];
  if (!row) return null;
  return {
    id: row.id,
    tenant_id: row.tenant_id,
    event_id: row.event_id,
    correlation_id: correlationOf(row.body),
  };
}

/** The correlation id of the envelope a letter's body holds. */
function correlationOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as { correlation_id?: unknown } | null;
    return typeof parsed?.correlation_id === "string" ? parsed.correlation_id : null;
  } catch {
    // A body that never parsed (why it was dead-lettered, perhaps) names no chain.
    return null;
  }
}
