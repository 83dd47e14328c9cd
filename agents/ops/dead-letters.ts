/** A message that could not be delivered, kept with why, until an operator acts on it. */
export type DeadLetter = {
  id: string;
  queue: string;
  reason: string;
  attempts: number;
  event_id: string | null;
  type: string | null;
  tenant_id: string | null;
  /** The message body as JSON text, exactly as it was on the queue. */
  body: string;
  first_seen: string;
  last_seen: string;
};

export type DeadLetterInput = Omit<DeadLetter, "id" | "first_seen" | "last_seen"> & {
  seen_at: string;
};

/**
 * Stores a dead letter. The same message dead-lettered again (same queue and event id,
 * or the same body when it has no id) updates its row rather than adding one.
 */
export function storeDeadLetter(sql: SqlStorage, letter: DeadLetterInput, id: string): void {
  sql.exec(
    `INSERT INTO dead_letters (id, queue, reason, attempts, event_id, type, tenant_id, body, first_seen, last_seen)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, attempts = dead_letters.attempts + excluded.attempts,
       last_seen = excluded.last_seen`,
    id,
    letter.queue,
    letter.reason,
    letter.attempts,
    letter.event_id,
    letter.type,
    letter.tenant_id,
    letter.body,
    letter.seen_at,
    letter.seen_at,
  );
}

export function listDeadLetters(sql: SqlStorage, limit: number): DeadLetter[] {
  return sql
    .exec<DeadLetter>("SELECT * FROM dead_letters ORDER BY last_seen DESC LIMIT ?", limit)
    .toArray();
}
