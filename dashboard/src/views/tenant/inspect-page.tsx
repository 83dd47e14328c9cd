import { useCallback } from "react";
import { inspectTenant } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { formatCount, formatDateTime, formatUsd } from "../../lib/format";
import { useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { Page } from "../../shell/page";

/**
 * The agent inspector (operators): everything one tenant's agent holds, on one page —
 * what it has applied lately, what it has not sent or started yet, what it will do
 * next and when, its runs, its strategy and its cost. Re-read when the agent's live
 * state moves.
 */
export function InspectPage({ tenantId }: { tenantId: string }) {
  const live = useTenantLive();
  const load = useCallback(
    (signal: AbortSignal) => inspectTenant(tenantId, { signal }),
    [tenantId],
  );
  const inspection = useResource(load, [
    live?.state?.applied,
    live?.state?.strategy_version,
    live?.state?.held?.count,
  ]);
  return (
    <Page
      title="Inspect"
      intro="The agent as it stands: inbox, outbox, schedules, runs, strategy and cost."
    >
      <Loadable what="the agent" {...inspection} onRetry={inspection.reload}>
        {(a) => (
          <>
            <section aria-labelledby="inspect-outbox">
              <h2 id="inspect-outbox">Outbox</h2>
              <p data-testid="inspect-outbox">
                {a.outbox.pending === 0 && a.outbox.runs_to_start === 0
                  ? "Nothing waits: every message was sent and every run started."
                  : `${formatCount(a.outbox.pending)} messages not sent yet, ${formatCount(a.outbox.runs_to_start)} runs not started.`}
              </p>
              {a.outbox.waiting ? (
                <p data-testid="inspect-outbox-waiting" data-reason={a.outbox.waiting.reason}>
                  {a.outbox.waiting.text}
                </p>
              ) : null}
            </section>
            <section aria-labelledby="inspect-held">
              <h2 id="inspect-held">Held deliveries</h2>
              <p data-testid="inspect-held">
                {a.held.count === 0
                  ? "None: deliveries are applied as they arrive."
                  : `${formatCount(a.held.count)} deliveries held, oldest first:`}
              </p>
              {a.held.oldest.length > 0 ? (
                <ul className="plain-list">
                  {a.held.oldest.map((d) => (
                    <li
                      key={d.event_id}
                      data-testid="inspect-held-row"
                      data-reason={d.waiting?.reason}
                    >
                      <code>{d.type}</code> <code className="sub">{d.event_id}</code> held{" "}
                      {formatDateTime(d.held_at)}
                      {d.waiting ? ` — ${d.waiting.text}` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
            </section>
            <section aria-labelledby="inspect-schedules">
              <h2 id="inspect-schedules">Schedules</h2>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Calls</th>
                    <th scope="col">When</th>
                    <th scope="col">Next</th>
                  </tr>
                </thead>
                <tbody>
                  {a.schedules.map((s) => (
                    <tr key={s.id} data-testid="inspect-schedule">
                      <td>
                        <code>{s.callback}</code>
                      </td>
                      <td>{s.cron ? <code>{s.cron}</code> : s.type}</td>
                      <td>{formatDateTime(s.next_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="inspect-inbox">
              <h2 id="inspect-inbox">Inbox: newest applied</h2>
              <table className="data-table">
                <thead>
                  <tr>
                    <th scope="col">Applied</th>
                    <th scope="col">Type</th>
                    <th scope="col">From</th>
                    <th scope="col">Event</th>
                  </tr>
                </thead>
                <tbody>
                  {a.inbox.map((e) => (
                    <tr key={e.event_id} data-testid="inspect-inbox-row">
                      <td>{formatDateTime(e.applied_at)}</td>
                      <td>
                        <code>{e.type}</code>
                      </td>
                      <td>{e.source}</td>
                      <td>
                        <code>{e.event_id}</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section aria-labelledby="inspect-facts">
              <h2 id="inspect-facts">Runs, strategy, cost</h2>
              <p>
                {formatCount(a.runs.length)} recent runs; strategy v{a.strategy.version};{" "}
                {a.cost ? `${formatUsd(a.cost.usd_total)} so far` : "not metered yet"}.
              </p>
            </section>
          </>
        )}
      </Loadable>
    </Page>
  );
}
