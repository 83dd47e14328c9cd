import type { Message } from "../../events";
import { addToCounter } from "../shared/counters";
import { markProcessed } from "../shared/dedup";
import { addToOutbox } from "../shared/outbox";
import { decide } from "./decide";
import { type DecideContext, isRecorded } from "./decision";
import { recordDecision } from "./decision-store";
import { appendToLog } from "./event-log";
import { evolve } from "./evolve";
import { addToFeed } from "./feed";
import { writeMeta } from "./meta";
import type { ResearchResult } from "./model";
import { loadModel, saveModel, saveResearch } from "./model-store";
import { recordRunEnd, requestRuns } from "./run-store";

/** What happened to one delivered message. */
export type ApplyOutcome = { event_id: string; status: "applied" | "duplicate" };

export type ApplyResult = {
  outcomes: ApplyOutcome[];
  /** The last message applied, for the state's "last event". */
  last: Message | undefined;
  /** Whether anything now waits in the outbox or as a requested run. */
  pending: boolean;
};

/**
 * The research ids the batch's new `research.completed` messages name: what the agent
 * must read from the research service before it can decide on them.
 */
export function researchToRead(sql: SqlStorage, messages: readonly Message[]): string[] {
  const ids = new Set<string>();
  for (const message of messages) {
    if (message.type !== "research.completed") continue;
    const seen = sql
      .exec("SELECT 1 FROM processed_events WHERE event_id = ?", message.event_id)
      .toArray().length;
    if (seen === 0) for (const id of message.payload.research_ids) ids.add(id);
  }
  return [...ids];
}

/**
 * The shell's one transaction for a batch: for each message, dedupe on event_id, log
 * it, load the model slice it concerns, `decide`, `evolve` with the message and what the
 * decision sends, then store the changes, the decision with its reasons, the runs it
 * asks for and its messages (outbox) together. Nothing is sent from here: the caller
 * flushes the outbox and starts runs once this has committed.
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
  return storage.transactionSync(() => {
    const outcomes: ApplyOutcome[] = [];
    let last: Message | undefined;
    let pending = false;
    for (const message of messages) {
      const now = ctx.now();
      if (!markProcessed(sql, message.event_id, message.type, now.getTime())) {
        outcomes.push({ event_id: message.event_id, status: "duplicate" });
        continue;
      }
      appendToLog(sql, message, now.toISOString());
      pending = applyOne(sql, tenantId, message, research, ctx) || pending;
      last = message;
      outcomes.push({ event_id: message.event_id, status: "applied" });
    }
    const applied = outcomes.filter((o) => o.status === "applied").length;
    addToCounter(sql, "applied", applied);
    addToCounter(sql, "duplicates", outcomes.length - applied);
    return { outcomes, last, pending };
  });
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
