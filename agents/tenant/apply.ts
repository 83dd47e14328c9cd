import type { Message, MessageType } from "../../events";
import { addToCounter } from "../../platform/sqlite/counters";
import {
  forgetPartitions,
  isProcessed,
  markAllProcessedPartitioned,
} from "../../platform/sqlite/dedup-partitions";
import { addToOutbox } from "../../platform/sqlite/outbox";
import { decide } from "./decide";
import { type DecideContext, isRecorded } from "./decision";
import { recordDecision } from "./decision-store";
import { appendToLog } from "./event-log";
import { evolve } from "./evolve";
import { addToFeed } from "./feed";
import { writeMeta } from "./meta";
import type { ResearchResult } from "./model";
import { loadModel, saveModel, saveResearch } from "./model-store";
import { recordRefresh } from "./refresh-store";
import { failedBeforeRestart } from "./run-restart";
import { recordRunEnd, requestRuns } from "./run-store";
import { addedTo, readTraffic, writeTraffic } from "./traffic";

/** What happened to one delivered message. */
export type ApplyOutcome = { event_id: string; status: "applied" | "duplicate" | "held" };

/** The tenant's applied and duplicate totals after a call (its counters). */
export type ApplyTotals = { applied: number; duplicates: number };

export type ApplyResult = {
  outcomes: ApplyOutcome[];
  /** The last message applied, for the state's "last event". */
  last: Message | undefined;
  /** Whether anything now waits in the outbox or as a requested run. */
  pending: boolean;
  /** Whether a message changed more than the log and the counters (a decision, a run, a fact). */
  acted: boolean;
  totals: ApplyTotals;
};

/**
 * The types whose arrival can change the model, decide something or record a fact
 * beyond the log (`decide`, `evolve` and `applyOne` below name them). Every other type
 * is logged and counted only, with no reads: `acting-types.unit.test.ts` holds this set
 * to what decide and evolve do.
 */
export const ACTING_TYPES: ReadonlySet<MessageType> = new Set<MessageType>([
  "research.requested",
  "research.completed",
  "content.ready",
  "content.published",
  "performance.requested",
  "performance.report",
  "cycle.requested",
  "content.refresh",
  "workflow.failed",
]);

/** Types whose event id names a chain when they carry no correlation id of their own. */
const OPENS_CHAIN: ReadonlySet<MessageType> = new Set<MessageType>([
  "cycle.requested",
  "research.completed",
  "content.refresh",
]);

/**
 * The research ids the batch's new `research.completed` messages name: what the agent
 * must read from the research service before it can decide on them.
 */
export function researchToRead(sql: SqlStorage, messages: readonly Message[]): string[] {
  const ids = new Set<string>();
  for (const message of messages) {
    if (message.type !== "research.completed") continue;
    if (!isProcessed(sql, message.event_id))
      for (const id of message.payload.research_ids) ids.add(id);
  }
  return [...ids];
}

/**
 * The shell's one transaction for a call: dedupe the whole call on event_id (one
 * statement), log what is new with the totals after the call (one row), then for each
 * new message that can act, load the model slice it concerns, `decide`, `evolve` with
 * the message and what the decision sends, and store the changes, the decision with its
 * reasons, the runs it asks for and its messages (outbox) together. The traffic totals
 * ride on the log row (or, for a call of duplicates alone, the traffic row). Nothing is
 * sent from here: the caller flushes the outbox and starts runs once this has committed.
 */
export function applyMessages(
  storage: DurableObjectStorage,
  tenantId: string,
  messages: readonly Message[],
  research: Readonly<Record<string, ResearchResult | null>>,
  ctx: DecideContext,
  /** The SQL handle to write through (a metered one counts the rows; see `shared/sql-meter`). */
  sql: SqlStorage = storage.sql,
): ApplyResult {
  try {
    return storage.transactionSync(() =>
      applyInTransaction(sql, tenantId, messages, research, ctx),
    );
  } catch (error) {
    // A partition created in the rolled-back transaction is gone again.
    forgetPartitions(sql);
    throw error;
  }
}

function applyInTransaction(
  sql: SqlStorage,
  tenantId: string,
  messages: readonly Message[],
  research: Readonly<Record<string, ResearchResult | null>>,
  ctx: DecideContext,
): ApplyResult {
  const now = ctx.now();
  const fresh = markAllProcessedPartitioned(sql, messages, now.getTime());
  const outcomes: ApplyOutcome[] = [];
  const applied: Message[] = [];
  for (const message of messages) {
    // The first copy of a new id is applied; a second copy in the same call is not.
    const isNew = fresh.delete(message.event_id);
    outcomes.push({ event_id: message.event_id, status: isNew ? "applied" : "duplicate" });
    if (isNew) applied.push(message);
  }
  // The totals after the call go on its log row; a call of duplicates alone logs nothing
  // and writes the traffic row instead: one row either way.
  const duplicates = messages.length - applied.length;
  const totals = addedTo(readTraffic(sql), applied.length, duplicates);
  appendToLog(sql, applied, now.toISOString(), (m) => OPENS_CHAIN.has(m.type), totals);
  if (applied.length === 0 && duplicates > 0) writeTraffic(sql, totals);
  let pending = false;
  let acted = false;
  for (const message of applied) {
    if (!ACTING_TYPES.has(message.type)) continue;
    acted = true;
    pending = applyOne(sql, tenantId, message, research, ctx) || pending;
  }
  return { outcomes, last: applied.at(-1), pending, acted, totals };
}

/** Applies one new message; returns whether it left something to send or start. */
function applyOne(
  sql: SqlStorage,
  tenantId: string,
  message: Message,
  research: Readonly<Record<string, ResearchResult | null>>,
  ctx: DecideContext,
): boolean {
  const now = ctx.now();
  const at = now.toISOString();
  const before = loadModel(sql, tenantId, message, research, now);
  const decision = decide(message, before, ctx);
  const after = [message, ...decision.emit].reduce(evolve, before);
  saveModel(sql, before, after);

  // Facts about things the model does not hold: research results kept for the record,
  // the cycle that is running, a run the workflow reports failed.
  if (message.type === "research.completed")
    saveResearch(sql, before, message.correlation_id ?? null, at);
  if (message.type === "cycle.requested") {
    writeMeta(sql, "last_cycle_at", at);
    writeMeta(
      sql,
      "current_cycle",
      JSON.stringify({
        correlation_id: message.event_id,
        reason: message.payload.reason,
        started_at: at,
      }),
    );
    addToCounter(sql, "cycles", 1);
  }
  if (message.type === "workflow.failed") {
    const { run_id, step, reason } = message.payload;
    // The failure of a try the run was restarted after does not end the new try.
    if (!failedBeforeRestart(sql, run_id, message.timestamp))
      recordRunEnd(sql, run_id, "errored", `${step}: ${reason}`, at);
    writeMeta(
      sql,
      "last_error",
      JSON.stringify({ at, message: `run ${run_id} failed at ${step}: ${reason}` }),
    );
    addToFeed(sql, {
      at,
      kind: "run failed",
      text: `run ${run_id} failed at ${step}: ${reason}`,
      correlation_id: message.correlation_id ?? null,
    });
  }
  if (message.type === "content.published") {
    addToFeed(sql, {
      at,
      kind: "published",
      text: `published ${message.payload.urls.join(", ")}`,
      correlation_id: message.correlation_id ?? null,
    });
  }

  if (!isRecorded(decision)) return false;
  const id = recordDecision(sql, message, decision, before.strategy_version, at);
  requestRuns(sql, id, decision.startRuns, at);
  if (message.type === "content.refresh") {
    for (const run of decision.startRuns)
      recordRefresh(
        sql,
        {
          run_id: run.run_id,
          content_id: run.content_id,
          report_id: message.causation_id ?? null,
          command_id: message.event_id,
        },
        at,
      );
  }
  for (const out of decision.emit) addToOutbox(sql, out, now.getTime());
  addToCounter(sql, "decisions", 1);
  addToFeed(sql, {
    at,
    kind: decision.kind,
    text: decision.summary,
    correlation_id:
      decision.emit[0]?.correlation_id ??
      decision.startRuns[0]?.correlation_id ??
      message.correlation_id ??
      null,
  });
  return decision.emit.length > 0 || decision.startRuns.length > 0;
}
