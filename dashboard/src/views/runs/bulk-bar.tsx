import { useId, useState } from "react";
import { type BulkAction, bulkRuns, MAX_PER_READ, type RunFilter } from "../../api/run-search";
import type { BulkResult } from "../../api/schemas";
import { ProblemMessage } from "../../components/problem-message";
import { StatusBadge } from "../../components/status-badge";
import { type Problem, toProblem } from "../../problem";

const ACTIONS: readonly { value: BulkAction; label: string }[] = [
  { value: "approve", label: "Approve" },
  { value: "reject", label: "Reject" },
  { value: "cancel", label: "Cancel" },
  { value: "retry", label: "Retry" },
];

/** A bulk answer in one line: how many acted (or would), how many were refused. */
export function describeBulk(result: BulkResult): string {
  const { totals } = result;
  const done = result.preview
    ? `${totals.would_act} of ${totals.matched} would be acted on`
    : `${totals.acted} of ${totals.matched} acted on`;
  const refused = totals.refused ? `, ${totals.refused} refused` : "";
  const more = result.truncated ? "; more runs match than one action takes" : "";
  const nothing = result.preview ? ". Nothing was changed." : ".";
  return `${result.preview ? "Preview" : "Done"}: ${done}${refused}${more}${nothing}`;
}

/** Per run: what it was, what became of it (or would), and why not. */
export function BulkItems({ result }: { result: BulkResult }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="bulk-items">
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Run</th>
            <th scope="col">Status before</th>
            <th scope="col">Outcome</th>
            <th scope="col">Status after</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {result.items.map((item) => (
            <tr
              key={`${item.tenant_id}/${item.run_id}`}
              data-testid="bulk-item"
              data-outcome={item.outcome}
            >
              <td>{item.tenant_id}</td>
              <td className="mono">{item.run_id}</td>
              <td>
                <StatusBadge status={item.status_before} />
              </td>
              <td data-testid="bulk-outcome">{item.outcome}</td>
              <td>{item.status_after ? <StatusBadge status={item.status_after} /> : "—"}</td>
              <td>{item.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * Acts on every run the page's filter finds: choose the action, preview what it would do
 * to each run (nothing changes), then apply it to as many runs as the preview showed.
 */
export function BulkBar({ filter, onDone }: { filter: RunFilter; onDone: () => void }) {
  const ids = { action: useId(), reason: useId() };
  const [action, setAction] = useState<BulkAction>("reject");
  const [reason, setReason] = useState("");
  const [preview, setPreview] = useState<BulkResult | null>(null);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const key = JSON.stringify(filter);
  // A preview of another filter or action is no longer what "Apply" would do.
  const [previewed, setPreviewed] = useState("");
  const current = preview && previewed === `${key}\n${action}` ? preview : null;

  async function run(asPreview: boolean) {
    setBusy(true);
    setProblem(null);
    try {
      const answer = await bulkRuns({
        action,
        filter,
        preview: asPreview,
        // Apply to as many runs as the preview showed: the newest first, as it listed them.
        limit: asPreview ? MAX_PER_READ : Math.max(1, current?.totals.matched ?? 1),
        reason: reason.trim(),
      });
      if (asPreview) {
        setPreview(answer);
        setPreviewed(`${key}\n${action}`);
        setResult(null);
      } else {
        setResult(answer);
        setPreview(null);
        onDone();
      }
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const shown = result ?? current;
  return (
    <section className="bulk-bar" aria-label="Act on the runs found">
      <div className="toolbar">
        <div className="field">
          <label htmlFor={ids.action}>Action on the runs found</label>
          <select
            id={ids.action}
            value={action}
            onChange={(e) => setAction(e.target.value as BulkAction)}
            data-testid="bulk-action"
          >
            {ACTIONS.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.reason}>Reason</label>
          <input
            id={ids.reason}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="optional"
            maxLength={500}
          />
        </div>
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => run(true)}
          data-testid="bulk-preview"
        >
          Preview
        </button>
        {current ? (
          <button
            type="button"
            disabled={busy || current.totals.would_act === 0}
            onClick={() => run(false)}
            data-testid="bulk-apply"
          >
            Apply to {current.totals.would_act} {current.totals.would_act === 1 ? "run" : "runs"}
          </button>
        ) : null}
      </div>
      {problem ? <ProblemMessage problem={problem} /> : null}
      {shown ? (
        <>
          <p role="status" data-testid="bulk-summary">
            {describeBulk(shown)}
          </p>
          <BulkItems result={shown} />
        </>
      ) : null}
    </section>
  );
}
