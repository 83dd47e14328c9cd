import { useId, useState } from "react";
import { messageTypes } from "../../../../events";
import { previewReplay, type ReplayFilter, replay } from "../../api/replay";
import type { ReplayPreview, ReplaySent } from "../../api/schemas";
import { ProblemMessage } from "../../components/problem-message";
import { formatDateTime } from "../../lib/format";
import { type Problem, toProblem } from "../../problem";

type Item = ReplayPreview["items"][number];
type Outline = NonNullable<Item["decision"]>["now"];

/** A preview in one line: how many the dedup skips and applies, how many decisions differ. */
export function describeReplayPreview(preview: Pick<ReplayPreview, "totals">): string {
  const { selected, skip, apply, differs } = preview.totals;
  if (selected === 0) return "No logged event matches: nothing to replay.";
  return `Preview: ${selected} event${selected === 1 ? "" : "s"} · ${skip} skipped as duplicates · ${apply} applied again · ${differs} decision${differs === 1 ? "" : "s"} would differ. Nothing was sent.`;
}

/** A decision in a few words: its kind, what it keeps, what it sends. */
export function describeOutline(outline: Outline | null): string {
  if (!outline) return "none recorded";
  const kept = outline.kept.length ? `keeps ${outline.kept.join(", ")}` : "keeps nothing";
  const sends = outline.emits.length ? `sends ${outline.emits.join(", ")}` : "sends nothing";
  return `${outline.kind}: ${outline.kind === "research" || outline.kind === "refresh" ? `${kept}; ` : ""}${sends}`;
}

/** `datetime-local` (the browser's time zone) to ISO, or nothing when empty. */
function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const at = new Date(local);
  return Number.isNaN(at.getTime()) ? undefined : at.toISOString();
}

/**
 * The operator's Replay panel: choose a tenant's logged events (a chain, a type, a time
 * range), preview what its agent's dedup will skip and apply and which decisions would
 * differ now, then send them again. Changing a filter drops the preview.
 */
export function ReplayPanel({ tenantId }: { tenantId: string }) {
  const [correlation, setCorrelation] = useState("");
  const [type, setType] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [preview, setPreview] = useState<ReplayPreview | null>(null);
  const [sent, setSent] = useState<ReplaySent | null>(null);
  const [pending, setPending] = useState<"preview" | "replay" | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  const ids = { correlation: useId(), type: useId(), from: useId(), to: useId() };

  const filter = (): ReplayFilter => {
    const out: ReplayFilter = { tenant: tenantId };
    if (correlation.trim()) out.correlation_id = correlation.trim();
    if (type) out.type = type;
    const fromIso = toIso(from);
    const toIsoValue = toIso(to);
    if (fromIso) out.from = fromIso;
    if (toIsoValue) out.to = toIsoValue;
    return out;
  };
  const changed =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
      setSent(null);
    };

  async function run(what: "preview" | "replay") {
    setPending(what);
    setProblem(null);
    try {
      if (what === "preview") {
        setSent(null);
        setPreview(await previewReplay(filter()));
      } else {
        setSent(await replay(filter()));
        setPreview(null);
      }
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(null);
    }
  }

  const count = preview?.totals.selected ?? 0;
  return (
    <div className="replay-panel" data-testid="replay-panel">
      <form
        className="filters"
        onSubmit={(event) => {
          event.preventDefault();
          void run("preview");
        }}
      >
        <div className="field">
          <label htmlFor={ids.correlation}>Correlation id</label>
          <input
            id={ids.correlation}
            value={correlation}
            onChange={(e) => changed(setCorrelation)(e.target.value)}
            placeholder="a chain"
            autoComplete="off"
            data-testid="replay-correlation"
          />
        </div>
        <div className="field">
          <label htmlFor={ids.type}>Type</label>
          <select
            id={ids.type}
            value={type}
            onChange={(e) => changed(setType)(e.target.value)}
            data-testid="replay-type"
          >
            <option value="">any</option>
            {messageTypes.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.from}>From</label>
          <input
            id={ids.from}
            type="datetime-local"
            value={from}
            onChange={(e) => changed(setFrom)(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={ids.to}>To</label>
          <input
            id={ids.to}
            type="datetime-local"
            value={to}
            onChange={(e) => changed(setTo)(e.target.value)}
          />
        </div>
        <button
          type="submit"
          className="secondary"
          disabled={pending !== null}
          data-testid="replay-preview"
        >
          {pending === "preview" ? "Previewing…" : "Preview"}
        </button>
      </form>
      {problem ? <ProblemMessage problem={problem} /> : null}
      {preview ? (
        <>
          <p role="status" data-testid="replay-preview-summary">
            {describeReplayPreview(preview)}
            {preview.next_before !== null ? " More match than one replay takes (500)." : ""}
          </p>
          {preview.items.length > 0 ? (
            <table className="data-table" data-testid="replay-preview-table">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Type</th>
                  <th scope="col">Time</th>
                  <th scope="col">Dedup</th>
                  <th scope="col">Decision then → now</th>
                </tr>
              </thead>
              <tbody>
                {preview.items.map((item) => (
                  <tr
                    key={item.event_id}
                    className={item.decision?.differs ? "differs" : undefined}
                    data-testid="replay-preview-row"
                    data-dedup={item.dedup}
                    data-differs={item.decision?.differs ? "true" : "false"}
                  >
                    <td>
                      <code title={item.event_id}>{item.event_id.slice(0, 8)}</code>
                    </td>
                    <td>{item.type}</td>
                    <td>{formatDateTime(item.timestamp)}</td>
                    <td title={item.reason}>
                      {item.dedup === "skip" ? "skip (duplicate)" : "apply again"}
                    </td>
                    <td>
                      {item.decision ? (
                        <>
                          {item.decision.differs ? <strong>differs: </strong> : null}
                          {describeOutline(item.decision.then)} →{" "}
                          {describeOutline(item.decision.now)}
                        </>
                      ) : (
                        <span className="muted">—</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          <button
            type="button"
            disabled={pending !== null || count === 0}
            onClick={() => void run("replay")}
            data-testid="replay-send"
          >
            {pending === "replay" ? "Replaying…" : `Replay ${count} event${count === 1 ? "" : "s"}`}
          </button>
        </>
      ) : null}
      {sent ? (
        <>
          <p role="status" data-testid="replay-sent-summary">
            Sent {sent.totals.sent} event{sent.totals.sent === 1 ? "" : "s"} again:{" "}
            {sent.totals.skip} the agent will skip as duplicates, {sent.totals.apply} it will apply.
          </p>
          {sent.items.length > 0 ? (
            <table className="data-table" data-testid="replay-sent-table">
              <thead>
                <tr>
                  <th scope="col">Event</th>
                  <th scope="col">Outcome</th>
                  <th scope="col">Dedup</th>
                </tr>
              </thead>
              <tbody>
                {sent.items.map((item) => (
                  <tr key={item.event_id} data-testid="replay-sent-row">
                    <td>
                      <code title={item.event_id}>{item.event_id.slice(0, 8)}</code>
                    </td>
                    <td>{item.outcome}</td>
                    <td>{item.dedup}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </>
      ) : null}
    </div>
  );
}
