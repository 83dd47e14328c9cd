import type { Message } from "../../events";
import { keywordKey } from "../../events/strategy";
import { processedOf } from "../../platform/sqlite/dedup-partitions";
import { ACTING_TYPES } from "./apply";
import { decide } from "./decide";
import type { DecideContext, Reason } from "./decision";
import { decisionId } from "./decision-store";
import { type EventLogEntry, readLog } from "./event-log";
import type { ResearchResult } from "./model";
import { loadModel } from "./model-store";
import { takenAt } from "./strategy-preview";
import { keywordUseSpans } from "./strategy-preview-store";

// Replaying a tenant's logged events (`POST /api/replay`): the selection, what the
// agent's dedup will make of each, and — for a type that decides — what `decide()` would
// decide now beside what was decided then. Reads only: the Worker sends the envelopes.

/** Which logged events to replay; times compare with each event's own `timestamp`. */
export type ReplayFilter = {
  correlation_id?: string;
  type?: string;
  /** At or after (ISO). */
  from?: string;
  /** Before (ISO). */
  to?: string;
  /** Only entries older than this `seq` (the previous answer's `next_before`). */
  before?: number;
  limit: number;
};

/** A decision as the preview compares them: its kind, summary, keywords kept, types sent. */
export type DecisionOutline = {
  kind: string;
  summary: string;
  kept: string[];
  emits: string[];
};

export type ReplayItem = {
  event_id: string;
  type: string;
  timestamp: string;
  /** `skip`: the agent still remembers the id, it counts a duplicate; `apply`: past the horizon. */
  dedup: "skip" | "apply";
  reason: string;
  /** For a type that decides: then (null when none was recorded) and now, and whether they differ. */
  decision?: { then: DecisionOutline | null; now: DecisionOutline; differs: boolean };
};

export type ReplaySelection = {
  items: ReplayItem[];
  /** The selected envelopes, oldest first, as JSON text of `Message[]` (RPC needs concrete types). */
  envelopes: string;
  /** The `before` of the next (older) part of the selection; null when none is left. */
  next_before: number | null;
};

/** Log entries read per page while selecting, and the most read for one answer. */
const PAGE = 500;
const MAX_SCANNED = 20_000;

/**
 * Selects logged events, newest first (at most `limit`), and says what the dedup will do
 * with each; with `decisions`, what a decision on it would be now. The envelopes come
 * back as they were applied (ids, chain, trace context and payload kept).
 */
export function selectReplay(
  sql: SqlStorage,
  tenantId: string,
  filter: ReplayFilter,
  options: { decisions: boolean; ctx: DecideContext },
): ReplaySelection {
  const { entries, more } = select(sql, filter);
  const remembered = processedOf(
    sql,
    entries.map((e) => e.event_id),
  );
  const messages = entries.map((e) => envelopeOf(tenantId, e));
  const items = entries.map((entry, i): ReplayItem => {
    const skip = remembered.has(entry.event_id);
    const acting = ACTING_TYPES.has(entry.type as Message["type"]);
    const item: ReplayItem = {
      event_id: entry.event_id,
      type: entry.type,
      timestamp: entry.timestamp,
      dedup: skip ? "skip" : "apply",
      reason: skip
        ? `applied at ${entry.applied_at} and still remembered by the agent's dedup (ids are kept 7 days): it counts as a duplicate and changes nothing`
        : `applied at ${entry.applied_at}, past the dedup horizon: the agent applies it again${acting ? " and decides on it as it would now" : " (logged and counted again)"}`,
    };
    const message = messages[i];
    if (options.decisions && acting && message) {
      const decision = compareDecision(sql, tenantId, message, entry, options.ctx);
      if (decision) item.decision = decision;
    }
    return item;
  });
  const last = entries.at(-1);
  return {
    items,
    envelopes: JSON.stringify([...messages].reverse()),
    next_before: more && last ? last.seq : null,
  };
}

/** Newest first, a page of the log at a time, until `limit` match (and whether more do). */
function select(
  sql: SqlStorage,
  filter: ReplayFilter,
): { entries: EventLogEntry[]; more: boolean } {
  const out: EventLogEntry[] = [];
  let before = filter.before;
  let scanned = 0;
  while (scanned < MAX_SCANNED) {
    const page = readLog(sql, {
      limit: PAGE,
      ...(filter.type ? { type: filter.type } : {}),
      ...(filter.correlation_id
        ? { correlation_id: filter.correlation_id, with_opener: true }
        : {}),
      ...(before !== undefined ? { before } : {}),
    });
    scanned += page.length;
    for (const entry of page) {
      // Applied before `from`: so was everything older; an event is never applied before its time.
      if (filter.from !== undefined && entry.applied_at < filter.from)
        return { entries: out, more: false };
      const at = Date.parse(entry.timestamp);
      if (filter.from !== undefined && at < Date.parse(filter.from)) continue;
      if (filter.to !== undefined && at >= Date.parse(filter.to)) continue;
      if (out.length === filter.limit) return { entries: out, more: true };
      out.push(entry);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) break;
    before = last.seq;
  }
  return { entries: out, more: false };
}

/** The envelope as the agent applied it: the log keeps every field but the tenant's id. */
function envelopeOf(tenantId: string, entry: EventLogEntry): Message {
  return {
    event_id: entry.event_id,
    type: entry.type,
    source: entry.source,
    tenant_id: tenantId,
    timestamp: entry.timestamp,
    ...(entry.correlation_id ? { correlation_id: entry.correlation_id } : {}),
    ...(entry.causation_id ? { causation_id: entry.causation_id } : {}),
    ...(entry.traceparent ? { traceparent: entry.traceparent } : {}),
    payload: JSON.parse(entry.payload) as Record<string, unknown>,
  } as Message;
}

/**
 * What `decide()` decides on this message now, beside the decision recorded then. The
 * model is the agent's state now, as `applyOne` loads it; research comes from the
 * agent's own record of it; and, as the strategy preview replays past research, the
 * keywords count as taken only by what came before the message, so a decision is not
 * flagged only because its own runs took its keywords. Null when neither then nor now
 * decided anything.
 */
function compareDecision(
  sql: SqlStorage,
  tenantId: string,
  message: Message,
  entry: EventLogEntry,
  ctx: DecideContext,
): ReplayItem["decision"] | null {
  const research = message.type === "research.completed" ? researchOf(sql, message) : {};
  const model = loadModel(sql, tenantId, message, research, ctx.now());
  if (message.type === "research.completed") {
    const keys = Object.values(model.research).flatMap((r) => (r ? [keywordKey(r.keyword)] : []));
    model.keyword_use = takenAt(keywordUseSpans(sql, keys), Date.parse(entry.applied_at));
  }
  const decided = decide(message, model, ctx);
  const then = recordedDecision(sql, message.event_id);
  if (decided.kind === "none" && then === null) return null;
  const now = outline(
    decided.kind,
    decided.summary,
    decided.reasons,
    decided.emit.map((m) => m.type),
  );
  return { then, now, differs: then === null || differ(then, now) };
}

/** The research a `research.completed` names, as the agent kept it when it decided. */
function researchOf(
  sql: SqlStorage,
  message: Message<"research.completed">,
): Record<string, ResearchResult | null> {
  const out: Record<string, ResearchResult | null> = {};
  for (const id of message.payload.research_ids) {
    out[id] =
      sql
        .exec<ResearchResult>(
          "SELECT research_id, keyword, difficulty, volume, intent FROM research WHERE research_id = ?",
          id,
        )
        .toArray()[0] ?? null;
  }
  return out;
}

/** The decision recorded on this message, outlined; null when it decided nothing. */
function recordedDecision(sql: SqlStorage, eventId: string): DecisionOutline | null {
  const id = decisionId({ event_id: eventId });
  const row = sql
    .exec<{ kind: string; summary: string; emitted: string }>(
      "SELECT kind, summary, emitted FROM decisions WHERE id = ?",
      id,
    )
    .toArray()[0];
  if (!row) return null;
  const reasons = sql
    .exec<Reason>(
      "SELECT verdict, subject, text FROM decision_reasons WHERE decision_id = ? ORDER BY seq",
      id,
    )
    .toArray();
  const emitted = JSON.parse(row.emitted) as { type: string }[];
  return outline(
    row.kind,
    row.summary,
    reasons,
    emitted.map((m) => m.type),
  );
}

function outline(
  kind: string,
  summary: string,
  reasons: readonly Reason[],
  emits: readonly string[],
): DecisionOutline {
  const kept = [
    ...new Set(reasons.filter((r) => r.verdict === "kept").map((r) => keywordKey(r.subject))),
  ];
  return { kind, summary, kept: kept.sort(), emits: [...emits].sort() };
}

/** Whether two decisions differ in what they do: their kind, what they keep, what they send. */
function differ(a: DecisionOutline, b: DecisionOutline): boolean {
  return (
    a.kind !== b.kind ||
    a.kept.join("\u0000") !== b.kept.join("\u0000") ||
    a.emits.join("\u0000") !== b.emits.join("\u0000")
  );
}
