import { chunksOf, placeholders } from "../../platform/sqlite/chunks";
import { whereClause } from "../../platform/sqlite/sql-where";
import { ALL_SCOPE, addToCounts, readCounts, scopeOf } from "./dead-letter-counts";
import {
  DEAD_LETTER_QUOTA_PER_TENANT,
  DEAD_LETTER_RETENTION_MS,
  REDRIVE_HORIZON_MS,
  redriveRefusal,
} from "./dead-letter-policy";

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
export type DeadLetterFilter = {
  queue?: string;
  type?: string;
  tenant?: string;
  /** Stored (last seen) at or after this ISO time, in `toISOString()` form. */
  since?: string;
  /** Stored (last seen) before this ISO time, in `toISOString()` form. */
  until?: string;
  /** A piece of the event id or of the reason, any case. */
  q?: string;
};

/** Where a page of the list ended: its last letter's sort key (last seen, then id). */
export type DeadLetterPosition = { last_seen: string; id: string };

/**
 * A letter's id: one per queue, tenant and message (its event id, or the queue message's
 * id when it has none), so two tenants' messages with the same event id never share one.
 */
export function deadLetterId(queue: string, tenantId: string | null, messageKey: string): string {
  return `${queue}:${scopeOf(tenantId)}:${messageKey}`;
}

/** What storing one letter did: whether it was new, and the letters it evicted over quota. */
export type StoredLetter = { inserted: boolean; evicted: DeadLetter[] };

/** What became of one letter of a batch handed to the store. */
export type DeadLetterStoreResult =
  | ({ id: string; stored: true } & StoredLetter)
  | { id: string; stored: false; error: string };

/**
 * Stores a dead letter, in the caller's transaction with its counters. The same message
 * dead-lettered again (same id) updates its row rather than adding one. A letter that
 * was redriven and comes back keeps its first sight, so its redrive horizon does not
 * start again. A new letter beyond its tenant's quota evicts that tenant's least
 * recently failed letters, which are returned for the caller to log.
 */
export function storeDeadLetter(
  sql: SqlStorage,
  letter: DeadLetterInput,
  id: string,
): StoredLetter {
  const redriven = sql
    .exec<{ first_seen: string; version: number }>(
      "SELECT first_seen, version FROM dead_letters_redriven WHERE id = ?",
      id,
    )
    .toArray()[0];
  const firstSeen =
    redriven && redriven.first_seen < letter.seen_at ? redriven.first_seen : letter.seen_at;
  const inserted =
    sql
      .exec(
        `INSERT INTO dead_letters (id, queue, reason, attempts, event_id, type, tenant_id, body, first_seen, last_seen, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        id,
        letter.queue,
        letter.reason,
        letter.attempts,
        letter.event_id,
        letter.type,
        letter.tenant_id,
        letter.body,
        firstSeen,
        letter.seen_at,
        (redriven?.version ?? 0) + 1,
      )
      .toArray().length > 0;
  if (!inserted) {
    sql.exec(
      `UPDATE dead_letters SET reason = ?, attempts = attempts + ?, body = ?, last_seen = ?,
         version = version + 1 WHERE id = ?`,
      letter.reason,
      letter.attempts,
      letter.body,
      letter.seen_at,
      id,
    );
    return { inserted: false, evicted: [] };
  }
  if (redriven) sql.exec("DELETE FROM dead_letters_redriven WHERE id = ?", id);
  addToCounts(sql, letter.tenant_id, { letters: 1 });
  return { inserted: true, evicted: evictOverQuota(sql, letter.tenant_id, id) };
}

/** Removes the tenant's least recently failed letters beyond its quota, sparing `keep`. */
function evictOverQuota(sql: SqlStorage, tenantId: string | null, keep: string): DeadLetter[] {
  const over = readCounts(sql, scopeOf(tenantId)).letters - DEAD_LETTER_QUOTA_PER_TENANT;
  if (over <= 0) return [];
  const tenant = tenantId === null ? "tenant_id IS NULL" : "tenant_id = ?";
  const evicted = sql
    .exec<DeadLetter>(
      `DELETE FROM dead_letters WHERE id IN (
         SELECT id FROM dead_letters WHERE ${tenant} AND id != ? ORDER BY last_seen, id LIMIT ?
       ) RETURNING *`,
      ...(tenantId === null ? [] : [tenantId]),
      keep,
      over,
    )
    .toArray();
  addToCounts(sql, tenantId, { letters: -evicted.length, evicted: evicted.length });
  return evicted;
}

/**
 * Dead letters matching the filter, newest first (last seen, then id, both descending:
 * the redrive's oldest-first order reversed), up to `limit` after `after`. A new letter
 * sorts before every page already read, so paging on never repeats or skips one; a
 * letter stored again meanwhile moves to the top (its last sight moved).
 */
export function listDeadLetters(
  sql: SqlStorage,
  filter: DeadLetterFilter,
  page: { limit: number; after?: DeadLetterPosition | undefined },
): DeadLetter[] {
  const { after } = page;
  const { clause, params } = where(filter, ...(after ? ["(last_seen, id) < (?, ?)"] : []));
  return sql
    .exec<DeadLetter>(
      `SELECT * FROM dead_letters ${clause} ORDER BY last_seen DESC, id DESC LIMIT ?`,
      ...params,
      ...(after ? [after.last_seen, after.id] : []),
      page.limit,
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

/** A letter a redrive will not send, and why. */
export type RefusedLetter = { id: string; reason: string };

/**
 * The letters a redrive may send (oldest first), the ids asked for that are not stored,
 * and the letters refused because they are past the redrive horizon. By filter, up to
 * `limit` letters within the horizon are chosen, and up to `limit` past it reported.
 */
export function selectForRedrive(
  sql: SqlStorage,
  selection: { ids: string[] } | { filter: DeadLetterFilter; limit: number },
  now: number,
): { letters: DeadLetter[]; missing: string[]; refused: RefusedLetter[] } {
  if ("ids" in selection) {
    const { letters, missing } = deadLettersById(sql, selection.ids);
    const refused: RefusedLetter[] = [];
    const sendable: DeadLetter[] = [];
    for (const letter of letters) {
      const reason = redriveRefusal(letter.first_seen, now);
      if (reason === null) sendable.push(letter);
      else refused.push({ id: letter.id, reason });
    }
    return { letters: sendable, missing, refused };
  }
  const cutoff = new Date(now - REDRIVE_HORIZON_MS).toISOString();
  const { clause: within, params } = where(selection.filter, "first_seen >= ?");
  const letters = sql
    .exec<DeadLetter>(
      `SELECT * FROM dead_letters ${within} ORDER BY last_seen, id LIMIT ?`,
      ...params,
      cutoff,
      selection.limit,
    )
    .toArray();
  const { clause: past } = where(selection.filter, "first_seen < ?");
  const refused = sql
    .exec<{ id: string; first_seen: string }>(
      `SELECT id, first_seen FROM dead_letters ${past} ORDER BY last_seen, id LIMIT ?`,
      ...params,
      cutoff,
      selection.limit,
    )
    .toArray()
    .map((l) => ({ id: l.id, reason: redriveRefusal(l.first_seen, now) ?? "" }));
  return { letters, missing: [], refused };
}

/**
 * Removes letters that were redriven, each only if it was not stored again since it
 * was read (same version): a letter that failed again while being redriven stays. Each
 * leaves a marker with its first sight, which the letter takes back if it returns.
 */
export function removeRedriven(
  sql: SqlStorage,
  sent: readonly { id: string; version: number }[],
  now: number,
): string[] {
  const at = new Date(now).toISOString();
  const removed: string[] = [];
  for (const { id, version } of sent) {
    const row = sql
      .exec<{ tenant_id: string | null; first_seen: string }>(
        "DELETE FROM dead_letters WHERE id = ? AND version = ? RETURNING tenant_id, first_seen",
        id,
        version,
      )
      .toArray()[0];
    if (!row) continue;
    sql.exec(
      `INSERT INTO dead_letters_redriven (id, first_seen, version, redriven_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET first_seen = MIN(first_seen, excluded.first_seen),
         version = excluded.version, redriven_at = excluded.redriven_at`,
      id,
      row.first_seen,
      version,
      at,
    );
    addToCounts(sql, row.tenant_id, { letters: -1 });
    removed.push(id);
  }
  return removed;
}

/** Deletes one letter, in the caller's transaction with its counters; false when there is none. */
export function deleteDeadLetter(sql: SqlStorage, id: string): boolean {
  const row = sql
    .exec<{ tenant_id: string | null }>(
      "DELETE FROM dead_letters WHERE id = ? RETURNING tenant_id",
      id,
    )
    .toArray()[0];
  if (!row) return false;
  addToCounts(sql, row.tenant_id, { letters: -1 });
  return true;
}

/**
 * Removes up to `limit` letters that have not failed again within the retention, the
 * least recently failed first, with their counters; returns them for the caller to log.
 * Markers of redriven letters go after the same time.
 */
export function pruneDeadLetters(sql: SqlStorage, now: number, limit: number): DeadLetter[] {
  const cutoff = new Date(now - DEAD_LETTER_RETENTION_MS).toISOString();
  const expired = sql
    .exec<DeadLetter>(
      `DELETE FROM dead_letters WHERE id IN (
         SELECT id FROM dead_letters WHERE last_seen < ? ORDER BY last_seen LIMIT ?
       ) RETURNING *`,
      cutoff,
      limit,
    )
    .toArray();
  const perTenant = new Map<string | null, number>();
  for (const l of expired) perTenant.set(l.tenant_id, (perTenant.get(l.tenant_id) ?? 0) + 1);
  for (const [tenant, n] of perTenant) addToCounts(sql, tenant, { letters: -n, expired: n });
  sql.exec("DELETE FROM dead_letters_redriven WHERE redriven_at < ?", cutoff);
  return expired;
}

/** Letters in the whole store, from its counter row. */
export function countDeadLetters(sql: SqlStorage): number {
  return readCounts(sql, ALL_SCOPE).letters;
}

/** The filter as a WHERE clause; `extra` conditions come after its parameters. */
function where(filter: DeadLetterFilter, ...extra: string[]) {
  // LIKE ignores ASCII case; its wildcards in the text are matched as themselves.
  const pattern = filter.q === undefined ? undefined : `%${filter.q.replace(/[\\%_]/g, "\\$&")}%`;
  return whereClause([
    filter.queue !== undefined && ["queue = ?", filter.queue],
    filter.type !== undefined && ["type = ?", filter.type],
    filter.tenant !== undefined && ["tenant_id = ?", filter.tenant],
    filter.since !== undefined && ["last_seen >= ?", filter.since],
    filter.until !== undefined && ["last_seen < ?", filter.until],
    pattern !== undefined && [
      "(event_id LIKE ? ESCAPE '\\' OR reason LIKE ? ESCAPE '\\')",
      pattern,
      pattern,
    ],
    ...extra.map((sql) => [sql] as const),
  ]);
}
