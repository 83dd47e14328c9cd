import { useState } from "react";
import type { DeadLetter } from "../../api/schemas";
import { formatClock, formatDateTime } from "../../lib/format";

type Props = {
  letter: DeadLetter;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  onDelete: () => void;
  busy: boolean;
};

/** One dead letter: a row to select, inspect (envelope and reason) or delete (after a confirm). */
export function DeadLetterRow({ letter, selected, onSelect, onDelete, busy }: Props) {
  const [open, setOpen] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const detailId = `letter-${letter.id}`;
  const name = letter.type ?? "unparsed message";
  return (
    <>
      <tr data-testid="dead-letter" data-id={letter.id} aria-selected={selected}>
        <td>
          <input
            type="checkbox"
            checked={selected}
            onChange={(e) => onSelect(e.target.checked)}
            aria-label={`Select ${name} from ${letter.queue}`}
          />
        </td>
        <td>
          <time dateTime={letter.last_seen} title={formatDateTime(letter.last_seen)}>
            {formatClock(letter.last_seen)}
          </time>
        </td>
        <td>{letter.queue}</td>
        <td>
          <code>{letter.type ?? "—"}</code>
        </td>
        <td>{letter.tenant_id ?? "—"}</td>
        <td className="num">{letter.attempts}</td>
        <td className="reason-cell">{letter.reason}</td>
        <td className="row-actions">
          <button
            type="button"
            className="quiet"
            aria-expanded={open}
            aria-controls={detailId}
            onClick={() => setOpen(!open)}
          >
            {open ? "Hide" : "Inspect"}
          </button>
          {confirming ? (
            <>
              <button type="button" className="danger" disabled={busy} onClick={onDelete}>
                Confirm delete
              </button>
              <button type="button" className="quiet" onClick={() => setConfirming(false)}>
                Keep
              </button>
            </>
          ) : (
            <button
              type="button"
              className="quiet danger-text"
              disabled={busy}
              onClick={() => setConfirming(true)}
            >
              Delete
            </button>
          )}
        </td>
      </tr>
      {open ? (
        <tr id={detailId} className="detail-row">
          <td colSpan={8}>
            <dl className="facts">
              <dt>Reason</dt>
              <dd data-testid="dead-letter-reason">{letter.reason}</dd>
              <dt>Attempts</dt>
              <dd>{letter.attempts}</dd>
              <dt>First seen</dt>
              <dd>{formatDateTime(letter.first_seen)}</dd>
              <dt>Last seen</dt>
              <dd>{formatDateTime(letter.last_seen)}</dd>
              <dt>Event id</dt>
              <dd>
                <code>{letter.event_id ?? "—"}</code>
              </dd>
              {letter.waiting ? (
                <>
                  <dt>Why it waits</dt>
                  <dd data-testid="dead-letter-waiting" data-reason={letter.waiting.reason}>
                    {letter.waiting.text}
                  </dd>
                </>
              ) : null}
            </dl>
            <p className="muted">The message as it was on the queue:</p>
            <pre data-testid="dead-letter-body">{JSON.stringify(letter.body, null, 2)}</pre>
          </td>
        </tr>
      ) : null}
    </>
  );
}
