import type { Message } from "../../events";
import type { Decision, Reason } from "./decision";

/** A recorded decision, as the trace and the dashboard read it. */
export type DecisionRecord = {
  id: string;
  kind: string;
  summary: string;
  cause_event_id: string;
  correlation_id: string | null;
  strategy_version: number;
  /** The messages it sent, as JSON text of `Message[]` (RPC needs concrete types). */
  emitted: string;
  decided_at: string;
  reasons: Reason[];
};

/** What a decision answers: a message, or a content run (by its id) reporting back. */
export type DecisionCause = Pick<Message, "event_id" | "correlation_id">;

/** A decision's id: one decision per message (or run), which is applied at most once. */
export function decisionId(cause: DecisionCause): string {
  return `d-${cause.event_id}`;
}

/** Stores a decision with its reasons, in the transaction that applies its message. */
export function recordDecision(
  sql: SqlStorage,
  cause: DecisionCause,
  decision: Decision,
  strategyVersion: number,
  decidedAt: string,
  /** Defaults to one decision per cause; a run reporting back names its own. */
  id: string = decisionId(cause),
): string {
  const correlation =
    decision.emit[0]?.correlation_id ??
    decision.startRuns[0]?.correlation_id ??
    cause.correlation_id;
  sql.exec(
    `INSERT INTO decisions (id, kind, summary, cause_event_id, correlation_id, strategy_version, emitted, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    id,
    decision.kind,
    decision.summary,
    cause.event_id,
    correlation ?? cause.event_id,
    strategyVersion,
    JSON.stringify(decision.emit),
    decidedAt,
  );
  decision.reasons.forEach((reason, seq) => {
    sql.exec(
      `INSERT INTO decision_reasons (decision_id, seq, verdict, subject, text) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (decision_id, seq) DO NOTHING`,
      id,
      seq,
      reason.verdict,
      reason.subject,
      reason.text,
    );
  });
  return id;
}

type DecisionRow = Omit<DecisionRecord, "reasons">;

/** Decisions of one chain in the order they were made, or the latest ones. */
export function readDecisions(
  sql: SqlStorage,
  filter: { correlation_id?: string; limit: number },
): DecisionRecord[] {
  const rows = filter.correlation_id
    ? sql
        .exec<DecisionRow>(
          `SELECT id, kind, summary, cause_event_id, correlation_id, strategy_version, emitted, decided_at
           FROM decisions WHERE correlation_id = ? ORDER BY seq LIMIT ?`,
          filter.correlation_id,
          filter.limit,
        )
        .toArray()
    : sql
        .exec<DecisionRow>(
          `SELECT id, kind, summary, cause_event_id, correlation_id, strategy_version, emitted, decided_at
           FROM decisions ORDER BY seq DESC LIMIT ?`,
          filter.limit,
        )
        .toArray();
  return rows.map((row) => ({
    ...row,
    reasons: sql
      .exec<Reason>(
        "SELECT verdict, subject, text FROM decision_reasons WHERE decision_id = ? ORDER BY seq",
        row.id,
      )
      .toArray(),
  }));
}
