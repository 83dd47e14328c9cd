import { useCallback, useId, useRef, useState } from "react";
import { type DeliveryStatus, listDeliveries, redriveDelivery } from "../../../api/alerts";
import { LoadMore } from "../../../components/load-more";
import { Loadable } from "../../../components/loadable";
import { ProblemMessage } from "../../../components/problem-message";
import { StatusBadge } from "../../../components/status-badge";
import { formatDateTime } from "../../../lib/format";
import { useResource } from "../../../live/use-resource";
import { type Problem, toProblem } from "../../../problem";
import { Section } from "../../../shell/page";

const PAGE = 50;

/**
 * Each alert event's delivery to each webhook: pending (with the next attempt), delivered,
 * or dead after its last attempt (with the last error, and a redrive). Re-read when the
 * OpsAgent pushes a new alerts version.
 */
export function DeliveriesPanel({
  version,
  onChanged,
}: {
  version: number | undefined;
  onChanged: (message: string) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<DeliveryStatus>("");
  const [want, setWant] = useState(PAGE);
  const wantRef = useRef(want);
  wantRef.current = want;
  const load = useCallback(
    (signal: AbortSignal) => listDeliveries(status, wantRef.current, { signal }),
    [status],
  );
  const deliveries = useResource(load, [version, want]);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const shown = deliveries.data?.rows ?? [];
  const more = (deliveries.data?.next_cursor ?? null) !== null;

  async function redrive(delivery: number) {
    setBusy(true);
    setProblem(null);
    try {
      await redriveDelivery(delivery);
      onChanged(`Delivery ${delivery} redriven: it is sent again now.`);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
      deliveries.reload();
    }
  }

  return (
    <Section title="Deliveries">
      <search className="filters" aria-label="Filter deliveries">
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value as DeliveryStatus);
              setWant(PAGE);
            }}
          >
            <option value="">any</option>
            <option value="pending">pending</option>
            <option value="delivered">delivered</option>
            <option value="dead">dead</option>
          </select>
        </div>
      </search>
      {problem ? <ProblemMessage problem={problem} /> : null}
      <Loadable
        what="deliveries"
        {...deliveries}
        onRetry={deliveries.reload}
        isEmpty={(page) => page.rows.length === 0}
        empty="No deliveries match."
      >
        {({ rows }) => (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Made</th>
                  <th scope="col">Event</th>
                  <th scope="col">To</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Attempts
                  </th>
                  <th scope="col">Next attempt</th>
                  <th scope="col">Last error</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((d) => (
                  <tr key={d.id} data-testid="alert-delivery">
                    <td>{formatDateTime(d.created_at)}</td>
                    <td>
                      <code>{d.event_type}</code> <span className="muted">{d.summary}</span>
                    </td>
                    <td>
                      <code>{d.url}</code>
                    </td>
                    <td>
                      <StatusBadge status={d.status} testId="alert-delivery-status" />
                    </td>
                    <td className="num">{d.attempts}</td>
                    <td>{d.next_attempt_at ? formatDateTime(d.next_attempt_at) : "—"}</td>
                    <td data-testid="alert-delivery-error">{d.last_error ?? "—"}</td>
                    <td>
                      {d.status === "dead" ? (
                        <button type="button" disabled={busy} onClick={() => redrive(d.id)}>
                          Redrive
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
      {shown.length > 0 ? (
        <LoadMore
          what="deliveries"
          shown={shown.length}
          more={more}
          loading={deliveries.loading}
          onMore={() => setWant(want + PAGE)}
        />
      ) : null}
    </Section>
  );
}
