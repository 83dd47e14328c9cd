import { useCallback, useId, useMemo } from "react";
import { getMetrics } from "../../api/operations";
import type { Metrics, PricedOperation } from "../../api/schemas";
import { Loadable } from "../../components/loadable";
import { Stat } from "../../components/stat";
import {
  formatCount,
  formatDateTime,
  formatDuration,
  formatNumber,
  formatUsd,
} from "../../lib/format";
import { fillSeries, latestRate } from "../../lib/series";
import { useOpsLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { navigate, useLocation, withSearch } from "../../router/router";
import { Page, Section } from "../../shell/page";
import {
  CostChart,
  FailuresChart,
  LatencyChart,
  QueueLatencyChart,
  ThroughputChart,
} from "./metrics-charts";

const WINDOWS = [5, 15, 60] as const;

function QueueTable({ queues }: { queues: Metrics["queues"] }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Queue</th>
            {[
              "Delivered",
              "Acked",
              "Retried",
              "Dead-lettered",
              "Duplicates",
              "Handler p50",
              "Handler p99",
              "Wait p95",
            ].map((h) => (
              <th key={h} scope="col" className="num">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {Object.entries(queues).map(([name, q]) => (
            <tr key={name} data-testid={`queue-${name}`}>
              <th scope="row">
                <code>{name}</code>
              </th>
              <td className="num">{formatCount(q.delivered)}</td>
              <td className="num">{formatCount(q.acked)}</td>
              <td className="num">{formatCount(q.retried)}</td>
              <td className="num">{formatCount(q.dead_lettered)}</td>
              <td className="num">{formatCount(q.duplicates)}</td>
              <td className="num">{formatDuration(q.handler_ms.p50)}</td>
              <td className="num">{formatDuration(q.handler_ms.p99)}</td>
              <td className="num">{formatDuration(q.wait_ms.p95)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function PerEventTable({ billing }: { billing: Metrics["billing"] }) {
  return (
    <table className="data-table compact">
      <thead>
        <tr>
          <th scope="col">Operation</th>
          <th scope="col" className="num">
            Per event
          </th>
          <th scope="col" className="num">
            $ / million events
          </th>
        </tr>
      </thead>
      <tbody>
        {(Object.keys(billing.per_event) as PricedOperation[]).map((op) => (
          <tr key={op}>
            <th scope="row">{op.replaceAll("_", " ")}</th>
            <td className="num">{formatNumber(billing.per_event[op])}</td>
            <td className="num">{formatUsd(billing.usd_per_million_events[op])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * The platform's metrics: events per second, latency percentiles, retries and dead
 * letters over the last minutes, per-queue totals, and what the work costs per million
 * events at Cloudflare's list prices. Re-read when the OpsAgent pushes a new metrics
 * version (at most about once a second while consumers report).
 */
export function MetricsPage() {
  const ops = useOpsLive();
  const location = useLocation();
  const windowId = useId();
  const asked = Number(location.search.get("minutes"));
  const minutes = (WINDOWS as readonly number[]).includes(asked) ? asked : 15;
  const load = useCallback((signal: AbortSignal) => getMetrics(minutes, { signal }), [minutes]);
  const metrics = useResource(load, [ops?.state?.metrics_version]);
  const points = useMemo(() => {
    const s = metrics.data?.series;
    return s ? fillSeries(s.points, s.from, s.to, s.bucket_seconds) : [];
  }, [metrics.data]);

  return (
    <Page
      title="Metrics"
      intro={
        metrics.data?.since
          ? `Totals since ${formatDateTime(metrics.data.since)}.`
          : "Totals since the first batch."
      }
      actions={
        <div className="field inline">
          <label htmlFor={windowId}>Window</label>
          <select
            id={windowId}
            value={minutes}
            onChange={(e) =>
              navigate(withSearch(location, { minutes: e.target.value }), { replace: true })
            }
          >
            {WINDOWS.map((w) => (
              <option key={w} value={w}>
                last {w} min
              </option>
            ))}
          </select>
        </div>
      }
    >
      <Loadable what="metrics" {...metrics} onRetry={metrics.reload}>
        {(m) => (
          <>
            <dl className="stats">
              <Stat
                label="Events / s now"
                value={formatNumber(latestRate(points))}
                testId="metric-rate"
              />
              <Stat
                label="Events metered"
                value={formatCount(m.billing.events)}
                testId="metric-events"
              />
              <Stat
                label="$ per million events"
                value={formatUsd(m.billing.usd_per_million_events.total)}
                note={`${formatUsd(m.billing.usd_total)} so far`}
                testId="metric-cost"
              />
              <Stat
                label="Dead-lettered"
                value={formatCount(
                  Object.values(m.queues).reduce((s, q) => s + q.dead_lettered, 0),
                )}
                tone={Object.values(m.queues).some((q) => q.dead_lettered > 0) ? "bad" : "ok"}
              />
            </dl>
            <div className="chart-grid">
              <ThroughputChart points={points} />
              <FailuresChart points={points} />
              <LatencyChart points={points} />
              <QueueLatencyChart queues={m.queues} which="handler_ms" />
              <QueueLatencyChart queues={m.queues} which="wait_ms" />
              <CostChart billing={m.billing} />
            </div>
            <Section title="Per queue, since the start">
              <QueueTable queues={m.queues} />
            </Section>
            <Section title="Billable operations per event">
              <PerEventTable billing={m.billing} />
              <p className="muted">
                Cloudflare list prices; Durable Object duration and CPU time are not metered.
              </p>
            </Section>
          </>
        )}
      </Loadable>
    </Page>
  );
}
