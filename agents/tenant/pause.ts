import type { Message } from "../../events";
import { readMeta, writeMeta } from "./meta";

/**
 * Pausing and archiving a tenant (DESIGN §8, `POST /api/tenants/:id/{pause,resume,archive}`):
 * while its agent is held, the deliveries the fan-out brings are kept in
 * `held_deliveries` in arrival order (not applied, not dead-lettered: the queue acks
 * them as `held`), its scheduled cycles are skipped (a paused tenant) or cancelled (an
 * archived one) and its new content runs wait as `requested`. Resuming applies the held
 * deliveries in their order through the normal apply path, a chunk per transaction,
 * each held row deleted in the transaction that applies it (schema version 17).
 */
export const heldDeliveriesMigrationSql = `
  CREATE TABLE held_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    held_at TEXT NOT NULL
  );
`;

/**
 * What holds the agent: a pause, or an archive (which also cancels its schedules); after
 * a resume, `releasing` while the held backlog is applied (new deliveries queue behind it,
 * so the order holds).
 */
export type DeliveryHold = {
  status: "paused" | "archived" | "releasing";
  since: string;
  /** The token's subject that paused or archived it. */
  by: string | null;
  reason: string | null;
};

/** Machine-readable reason and sentence of everything a hold keeps waiting. */
export type HoldWaiting = { reason: "paused" | "releasing"; text: string; since: string };

/** One held delivery, as the inspector and the export show it. */
export type HeldDelivery = {
  seq: number;
  event_id: string;
  type: string;
  held_at: string;
  waiting: HoldWaiting | null;
};

/** What the inspector shows of the held deliveries: how many, and the oldest few. */
export type HeldSummary = {
  hold: DeliveryHold | null;
  count: number;
  oldest: HeldDelivery[];
};

export function readHold(sql: SqlStorage): DeliveryHold | null {
  const raw = readMeta(sql, "delivery_hold");
  return raw === null ? null : (JSON.parse(raw) as DeliveryHold);
}

/**
 * Holds the agent (a repeated pause keeps the time it began and who began it; an
 * archive of a paused agent becomes an archive), or releases it with null.
 */
export function writeHold(sql: SqlStorage, hold: DeliveryHold | null): DeliveryHold | null {
  const before = readHold(sql);
  if (hold === null) {
    writeMeta(sql, "delivery_hold", null);
    return null;
  }
  if (before && before.status === hold.status) return before;
  writeMeta(sql, "delivery_hold", JSON.stringify(hold));
  return hold;
}

/** The sentence a hold shows: "paused by ops@example since 2026-…" */
export function holdText(hold: DeliveryHold): string {
  if (hold.status === "releasing") return "queued behind the held deliveries being released";
  const by = hold.by ? ` by ${hold.by}` : "";
  const why = hold.reason ? ` (${hold.reason})` : "";
  return `${hold.status}${by} since ${hold.since}${why}`;
}

export function holdWaiting(hold: DeliveryHold): HoldWaiting {
  const reason = hold.status === "releasing" ? "releasing" : "paused";
  return { reason, text: holdText(hold), since: hold.since };
}

/**
 * Keeps messages for later, in arrival order. A message already applied (the dedup
 * knows it) or already held answers `duplicate`, as it would when applied; the rest
 * answer `held`.
 */
export function holdMessages(
  sql: SqlStorage,
  messages: readonly Message[],
  applied: ReadonlySet<string>,
  at: string,
): ("held" | "duplicate")[] {
  return messages.map((message) => {
    if (applied.has(message.event_id)) return "duplicate";
    const written = sql.exec(
      `INSERT INTO held_deliveries (event_id, type, message, held_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (event_id) DO NOTHING`,
      message.event_id,
      message.type,
      JSON.stringify(message),
      at,
    ).rowsWritten;
    return written > 0 ? "held" : "duplicate";
  });
}

/** Whether any delivery is held (while a backlog drains, new deliveries queue behind it). */
export function hasHeld(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM held_deliveries LIMIT 1").toArray().length > 0;
}

export function countHeld(sql: SqlStorage): number {
  return sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM held_deliveries").one().n;
}

/** The oldest held deliveries, first held first, with why they wait. */
export function readHeld(sql: SqlStorage, limit: number): HeldSummary {
  const hold = readHold(sql);
  const waiting = hold ? holdWaiting(hold) : null;
  const oldest = sql
    .exec<Omit<HeldDelivery, "waiting">>(
      "SELECT seq, event_id, type, held_at FROM held_deliveries ORDER BY seq LIMIT ?",
      limit,
    )
    .toArray()
    .map((row) => ({ ...row, waiting }));
  return { hold, count: countHeld(sql), oldest };
}

/** The next chunk of held deliveries to release, in order, with the seq they end at. */
export function nextHeld(
  sql: SqlStorage,
  limit: number,
): { messages: Message[]; upTo: number } | null {
  const rows = sql
    .exec<{ seq: number; message: string }>(
      "SELECT seq, message FROM held_deliveries ORDER BY seq LIMIT ?",
      limit,
    )
    .toArray();
  const last = rows.at(-1);
  if (!last) return null;
  return { messages: rows.map((r) => JSON.parse(r.message) as Message), upTo: last.seq };
}

/** Forgets the released chunk: called in the transaction that applied it. */
export function forgetHeld(sql: SqlStorage, upTo: number): void {
  sql.exec("DELETE FROM held_deliveries WHERE seq <= ?", upTo);
}

/**
 * The tables of a tenant's agent that hold its data, for the export (the dedup's
 * bookkeeping, the SDK's own tables and the schema's versions are left out).
 */
export const EXPORTED_TABLES = [
  "strategy_versions",
  "event_calls",
  "decisions",
  "decision_reasons",
  "runs",
  "run_steps",
  "content",
  "articles",
  "publications",
  "research",
  "performance",
  "refreshes",
  "outbox",
  "held_deliveries",
  "summary_feed",
  "tenant_meta",
  "counters",
  "traffic",
] as const;

/** Rows exported per table at most: past it the table says so (`truncated`). */
export const EXPORT_ROWS_PER_TABLE = 10_000;

export type TenantExport = {
  tables: Record<
    string,
    { rows: Record<string, string | number | null>[]; total: number; truncated: boolean }
  >;
};

/** Every exported table's rows (JSON columns stay as stored, text). */
export function exportTables(sql: SqlStorage, limit = EXPORT_ROWS_PER_TABLE): TenantExport {
  const present = new Set(
    sql
      .exec<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .toArray()
      .map((r) => r.name),
  );
  const tables: TenantExport["tables"] = {};
  for (const name of EXPORTED_TABLES) {
    if (!present.has(name)) continue;
    const total = sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM ${name}`).one().n;
    const rows = sql
      .exec<Record<string, SqlStorageValue>>(`SELECT * FROM ${name} LIMIT ?`, limit)
      .toArray()
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, exported(v)])));
    tables[name] = { rows, total, truncated: total > rows.length };
  }
  return { tables };
}

function exported(value: SqlStorageValue): string | number | null {
  return value instanceof ArrayBuffer ? `<${value.byteLength} bytes>` : value;
}
