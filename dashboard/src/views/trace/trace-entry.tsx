import type { CSSProperties } from "react";
import type { TraceEntry } from "../../api/schemas";
import { ProgressBar } from "../../components/progress-bar";
import { StatusBadge } from "../../components/status-badge";
import { formatClock, formatDateTime } from "../../lib/format";

type Reason = Extract<TraceEntry, { kind: "decision" }>["reasons"][number];

/** One reason of a decision: its verdict as a badge, then the sentence the agent wrote. */
function ReasonLine({ reason }: { reason: Reason }) {
  return (
    <li className="reason" data-testid="reason" data-verdict={reason.verdict}>
      <StatusBadge status={reason.verdict} />
      <span>{reason.text}</span>
    </li>
  );
}

function Body({ entry }: { entry: TraceEntry }) {
  switch (entry.kind) {
    case "message":
      return (
        <>
          <p className="trace-title">
            <span
              className="trace-direction"
              title={entry.direction === "in" ? "delivered to the agent" : "sent by the agent"}
            >
              {entry.direction === "in" ? "→ in" : "← out"}
            </span>{" "}
            <code>{entry.type}</code> <span className="muted">from {entry.source}</span>{" "}
            <StatusBadge status={entry.delivery} />
          </p>
          <details>
            <summary>Payload</summary>
            <pre>{JSON.stringify(entry.payload, null, 2)}</pre>
          </details>
          {entry.trace_id ? (
            <p
              className="muted trace-ids"
              title="W3C trace context: search an external tracer or Workers Logs by trace_id"
            >
              trace <code>{entry.trace_id}</code> · span <code>{entry.span_id}</code>
              {entry.parent_span_id ? (
                <>
                  {" "}
                  · parent <code>{entry.parent_span_id}</code>
                </>
              ) : null}
            </p>
          ) : null}
        </>
      );
    case "decision":
      return (
        <>
          <p className="trace-title">
            <strong>Decision</strong> ({entry.decision_kind}): {entry.summary}{" "}
            <span className="muted">strategy v{entry.strategy_version}</span>
          </p>
          {entry.reasons.length > 0 ? (
            <ul className="reasons" aria-label="Why">
              {entry.reasons.map((reason) => (
                <ReasonLine key={`${reason.subject}\u0000${reason.text}`} reason={reason} />
              ))}
            </ul>
          ) : null}
        </>
      );
    case "run":
      return (
        <p className="trace-title">
          <strong>Run</strong> “{entry.keyword}” <StatusBadge status={entry.status} />{" "}
          {entry.step ? <span className="muted">at {entry.step}</span> : null}{" "}
          <ProgressBar value={entry.percent} label={`${entry.keyword} progress`} />
          {entry.error ? <span className="field-error"> {entry.error}</span> : null}
        </p>
      );
    case "step":
      return (
        <p className="trace-title">
          <strong>Step</strong> {entry.step} <StatusBadge status={entry.status} />{" "}
          {entry.message ? <span className="muted">{entry.message}</span> : null}
        </p>
      );
  }
}

/** One entry of a chain, indented by its depth in the causal tree. */
export function TraceEntryRow({ entry }: { entry: TraceEntry }) {
  return (
    <li
      className="trace-entry"
      data-kind={entry.kind}
      data-testid={`trace-${entry.kind}`}
      style={{ "--depth": Math.min(entry.depth, 12) } as CSSProperties}
    >
      <time dateTime={entry.at} title={formatDateTime(entry.at)}>
        {formatClock(entry.at)}
      </time>
      <div className="trace-body">
        <Body entry={entry} />
      </div>
    </li>
  );
}
