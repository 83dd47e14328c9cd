import { useState } from "react";
import type { Strategy, StrategyVersion } from "../../../../events/strategy";
import { formatDateTime } from "../../lib/format";
import { diffStrategies, FIELD_LABELS } from "../../lib/strategy-form";

type Props = {
  versions: readonly StrategyVersion[];
  current: { version: number; strategy: Strategy };
  onRollback: (version: number) => void;
  /** The version a rollback is on its way for, if any. */
  pending: number | null;
};

/** What changed from one strategy to another, field by field. */
export function StrategyDiff({ from, to }: { from: Strategy; to: Strategy }) {
  const changes = diffStrategies(from, to);
  if (changes.length === 0) return <p className="muted">Same as the current strategy.</p>;
  return (
    <table className="data-table diff" data-testid="strategy-diff">
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">That version</th>
          <th scope="col">Current</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">{FIELD_LABELS[c.field]}</th>
            <td className="diff-old">{c.before}</td>
            <td className="diff-new">{c.after}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The strategy's versions, newest first: compare any with the current one, roll back to it. */
export function StrategyHistory({ versions, current, onRollback, pending }: Props) {
  const [open, setOpen] = useState<number | null>(null);
  return (
    <ol className="versions">
      {versions.map((v) => {
        const isCurrent = v.version === current.version;
        const expanded = open === v.version;
        return (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <div className="version-head">
              <strong>v{v.version}</strong>
              <span>
                {v.note}
                {v.author ? <span className="muted"> by {v.author}</span> : null}
              </span>
              <time className="muted" dateTime={v.created_at}>
                {formatDateTime(v.created_at)}
              </time>
              {isCurrent ? (
                <span className="badge" data-tone="ok">
                  current
                </span>
              ) : (
                <span className="version-actions">
                  <button
                    type="button"
                    className="quiet"
                    aria-expanded={expanded}
                    onClick={() => setOpen(expanded ? null : v.version)}
                  >
                    {expanded ? "Hide changes" : "Compare"}
                  </button>
                  <button
                    type="button"
                    className="secondary"
                    disabled={pending !== null}
                    onClick={() => onRollback(v.version)}
                  >
                    {pending === v.version ? "Rolling back…" : `Roll back to v${v.version}`}
                  </button>
                </span>
              )}
            </div>
            {expanded ? <StrategyDiff from={v.strategy} to={current.strategy} /> : null}
          </li>
        );
      })}
    </ol>
  );
}
