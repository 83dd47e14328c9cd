import { type Message, traceOf } from "../../events";
import { readDecisions } from "./decision-store";
import { chainEntries } from "./event-log";
import { listRuns, runSteps, runTraceparents } from "./run-store";
import { orderTrace, type TraceEntry, type TraceMessage, type TraceNode } from "./trace";

/** A chain holds at most this many of each kind of entry in a trace. */
const LIMIT = 500;

/**
 * Gathers every message, decision, run and step of one chain from the agent's tables
 * (event log, decisions with the messages they sent, outbox delivery, runs and their
 * steps) and orders them causally. The message that opened the chain is included even
 * when it carried no correlation_id of its own (a cycle's chain is named after it).
 */
export function readTrace(sql: SqlStorage, correlationId: string): TraceEntry[] {
  const nodes: TraceNode[] = [];
  const seen = new Set<string>();

  const decisions = readDecisions(sql, { correlation_id: correlationId, limit: LIMIT });
  const sent = new Map<string, { message: Message; decision: string }>();
  for (const decision of decisions) {
    nodes.push({
      kind: "decision",
      id: decision.id,
      parent: decision.cause_event_id,
      at: decision.decided_at,
      decision_kind: decision.kind,
      summary: decision.summary,
      strategy_version: decision.strategy_version,
      reasons: decision.reasons,
    });
    for (const message of JSON.parse(decision.emitted) as Message[])
      sent.set(message.event_id, { message, decision: decision.id });
  }

  const delivered = outboxDelivery(sql, [...sent.keys()]);
  for (const [eventId, { message, decision }] of sent) {
    seen.add(eventId);
    nodes.push(
      messageNode(
        message,
        "out",
        decision,
        delivered.get(eventId) ?? "sent",
        JSON.stringify(message.payload),
      ),
    );
  }

  const logged = chainEntries(sql, correlationId, LIMIT);
  for (const entry of logged) {
    // A message the agent sent and that came back to it (cycle.started) is one entry.
    if (seen.has(entry.event_id)) continue;
    seen.add(entry.event_id);
    nodes.push({
      kind: "message",
      id: entry.event_id,
      parent: entry.causation_id,
      at: entry.timestamp,
      type: entry.type,
      source: entry.source,
      direction: "in",
      delivery: "applied",
      correlation_id: entry.correlation_id,
      causation_id: entry.causation_id,
      ...traceOf({ id: entry.event_id, traceparent: entry.traceparent }),
      payload: entry.payload,
    });
  }

  const runs = listRuns(sql, { limit: LIMIT, correlation_id: correlationId, oldestFirst: true });
  const runTraces = runTraceparents(
    sql,
    runs.map((r) => r.run_id),
  );
  for (const run of runs) {
    nodes.push({
      kind: "run",
      id: run.run_id,
      parent: run.decision_id,
      at: run.requested_at,
      keyword: run.keyword,
      content_id: run.content_id,
      status: run.status,
      step: run.step,
      percent: run.percent,
      error: run.error,
      started_at: run.started_at,
      completed_at: run.completed_at,
      ...traceOf({ id: run.run_id, traceparent: runTraces.get(run.run_id) ?? null }),
    });
  }
  for (const step of runSteps(
    sql,
    runs.map((r) => r.run_id),
  )) {
    nodes.push({
      kind: "step",
      id: `${step.run_id}/${step.step}`,
      parent: step.run_id,
      at: step.first_at,
      run_id: step.run_id,
      step: step.step,
      status: step.status,
      message: step.message,
      updated_at: step.updated_at,
    });
  }
  return orderTrace(nodes);
}

function messageNode(
  message: Message,
  direction: "in" | "out",
  parent: string,
  delivery: TraceMessage["delivery"],
  payload: string,
): TraceMessage {
  return {
    kind: "message",
    id: message.event_id,
    parent,
    at: message.timestamp,
    type: message.type,
    source: message.source,
    direction,
    delivery,
    correlation_id: message.correlation_id ?? null,
    causation_id: message.causation_id ?? null,
    ...traceOf({ id: message.event_id, traceparent: message.traceparent ?? null }),
    payload,
  };
}

/** Whether the outbox sent each message yet; a row pruned after sending counts as sent. */
function outboxDelivery(sql: SqlStorage, eventIds: string[]): Map<string, "sent" | "pending"> {
  const out = new Map<string, "sent" | "pending">();
  for (let i = 0; i < eventIds.length; i += 100) {
    const chunk = eventIds.slice(i, i + 100);
    for (const row of sql.exec<{ event_id: string; sent_at: number | null }>(
      `SELECT event_id, sent_at FROM outbox WHERE event_id IN (${chunk.map(() => "?").join(",")})`,
      ...chunk,
    )) {
      out.set(row.event_id, row.sent_at === null ? "pending" : "sent");
    }
  }
  return out;
}
