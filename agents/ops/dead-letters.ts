import { chunksOf, placeholders } from "../shared/chunks";

/** A message that could not be delivered, kept with why, until an operator acts on it. */
export type DeadLetter = {
  id: string;
  /** The queue it was consumed from, and is redriven to. */
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
  /** Bumped each time the letter is stored again; a redrive removes only the version it sent. */
  version: number;
};

export type DeadLetterInput = Omit<DeadLetter, "id" | "first_seen" | "last_seen" | "version"> & {
  seen_at: string;
};

/** Which dead letters to list or redrive; every field narrows the selection. */
export type DeadLetterFilter = { queue?: string; type?: string; tenant?: string };

/**
 * Stores a dead letter. The same message dead-lettered again (same queue and event id,
 * or the same queue message when it has no id) updates its row rather than adding one.
 */
export function storeDeadLetter(sql: SqlStorage, letter: DeadLetterInput, id: string): void {
  sql.exec(
    `INSERT INTO dead_letters (id, queue, reason, attempts, event_id, type, tenant_id, body, first_seen, last_seen, version)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)
     ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, attempts = dead_letters.attempts + excluded.attempts,
       body = excluded.body, last_seen = excluded.last_seen, version = dead_letters.version + 1`,
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

/** Dead letters matching the filter, newest first. */
export function listDeadLetters(
  sql: SqlStorage,
  filter: DeadLetterFilter,
  limit: number,
): DeadLetter[] {
  const { clause, params } = where(filter);
  return sql
    .exec<DeadLetter>(
      `SELECT * FROM dead_letters ${clause} ORDER BY last_seen DESC, id LIMIT ?`,
      ...params,
      limit,
    )
    .toArray();
}

/** The letters with these ids, and the ids that are not stored. */
export function deadLettersById(
  sql: SqlStorage,
  ids: readonly string[],
): { letters: DeadLetter[]; missing: string[] } {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return { letters: [], missing: [] };
  const letters = chunksOf(unique)
    .flatMap((ids) =>
      sql
        .exec<DeadLetter>(
          `SELECT * FROM dead_letters WHERE id IN (${placeholders(ids.length)})`,
          ...ids,
        )
        .toArray(),
    )
    .sort((a, b) => a.last_seen.localeCompare(b.last_seen));
  const found = new Set(letters.map((l) => l.id));
  return { letters, missing: unique.filter((id) => !found.has(id)) };
}

/**
 * Removes letters that were redriven, each only if it was not stored again since it
 * was read (same version): a letter that failed again while being redriven stays.
 */
export function removeRedriven(
  sql: SqlStorage,
  sent: readonly { id: string; version: number }[],
): string[] {
  const removed: string[] = [];
  for (const { id, version } of sent) {
    const cursor = sql.exec("DELETE FROM dead_letters WHERE id = ? AND version = ?", id, version);
    if (cursor.rowsWritten > 0) removed.push(id);
  }
  return removed;
}

/** Deletes one letter; false when there is none with that id. */
export function deleteDeadLetter(sql: SqlStorage, id: string): boolean {
  return sql.exec("DELETE FROM dead_letters WHERE id = ?", id).rowsWritten > 0;
}

export function countDeadLetters(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM dead_letters").one().n;
}

function where(filter: DeadLetterFilter): { clause: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (filter.queue !== undefined) {
    parts.push("queue = ?");
    params.push(filter.queue);
  }
  if (filter.type !== undefined) {
    parts.push("type = ?");
    params.push(filter.type);
  }
  if (filter.tenant !== undefined) {
    parts.push("tenant_id = ?");
    params.push(filter.tenant);
  }
  return { clause: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}
