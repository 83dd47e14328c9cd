import { useCallback, useMemo } from "react";
import { getMetrics } from "../../api/operations";
import { listTenants } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { NewTenantForm } from "../../components/new-tenant-form";
import { Stat } from "../../components/stat";
import { formatCount, formatDuration, formatNumber, formatUsd } from "../../lib/format";
import { fillSeries, latestRate } from "../../lib/series";
import { useOpsLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { Link } from "../../router/link";
import { Page, Section } from "../../shell/page";
import { ActivityList } from "./activity-list";
import { Sparkline } from "./sparkline";
import { TenantsTable } from "./tenants-table";

const WINDOW_MINUTES = 15;

/**
 * The operator's first page: headline numbers, throughput and errors over the last
 * quarter hour, every tenant's counters and what the agents did lately. The tenant list
 * is re-read when the OpsAgent pushes a new tenants or summaries version, the metrics
 * when it pushes a new metrics version; the activity lines come in the push itself.
 */
export function OverviewPage() {
  const ops = useOpsLive();
  const state = ops?.state;
  const loadTenants = useCallback((signal: AbortSignal) => listTenants({ signal }), []);
  const tenants = useResource(loadTenants, [state?.tenants_version, state?.summaries_version]);
  const loadMetrics = useCallback(
    (signal: AbortSignal) => getMetrics(WINDOW_MINUTES, { signal }),
    [],
  );
  const metrics = useResource(loadMetrics, [state?.metrics_version]);

  const points = useMemo(() => {
    const s = metrics.data?.series;
    return s ? fillSeries(s.points, s.from, s.to, s.bucket_seconds) : [];
  }, [metrics.data]);
  const waitP95 = useMemo(() => {
    const recent = points.slice(-7).flatMap((p) => (p.wait_p95 === null ? [] : [p.wait_p95]));
    return recent.length > 0 ? Math.max(...recent) : null;
  }, [points]);
  const activeRuns = tenants.data?.reduce((sum, t) => sum + (t.summary?.runs_active ?? 0), 0);
  const sorted = useMemo(
    () => (tenants.data ? [...tenants.data].sort((a, b) => a.id.localeCompare(b.id)) : undefined),
    [tenants.data],
  );

  return (
    <Page
      title="Overview"
      intro="Live: counters arrive as the agents report them, about once a second while they are busy."
    >
      <dl className="stats" aria-label="Platform at a glance">
        <Stat label="Tenants" value={formatCount(state?.tenant_count)} testId="stat-tenants" />
        <Stat
          label="Events / s"
          value={formatNumber(latestRate(points))}
          note={`last ${WINDOW_MINUTES} min`}
          testId="stat-events-per-second"
        />
        <Stat
          label="Backlog"
          value={waitP95 === null ? "idle" : formatDuration(waitP95)}
          note={`queue wait p95, last minute · ${formatCount(activeRuns)} runs active`}
          testId="stat-backlog"
        />
        <Stat
          label="Dead letters"
          value={<Link to="/dead-letters">{formatCount(state?.dead_letters)}</Link>}
          note="waiting for an operator"
          tone={state && state.dead_letters > 0 ? "bad" : "ok"}
          testId="stat-dead-letters"
        />
        <Stat
          label="$ per million events"
          value={formatUsd(metrics.data?.billing.usd_per_million_events.total)}
          note={<Link to="/metrics">metered at list prices</Link>}
          testId="stat-cost"
        />
      </dl>

      <div className="sparklines">
        <Sparkline
          points={points}
          value={(p) => p.events_per_s}
          label="Events per second"
          tone="accent"
          testId="sparkline-throughput"
        />
        <Sparkline
          points={points}
          value={(p) => p.retried + p.dead_lettered}
          label="Retries and dead letters per 10 s"
          tone="bad"
          testId="sparkline-errors"
        />
      </div>

      <Section title="Tenants">
        <Loadable
          what="tenants"
          {...tenants}
          data={sorted}
          onRetry={tenants.reload}
          isEmpty={(list) => list.length === 0}
          empty="No tenants yet — create one with the form to start sending events."
        >
          {(list) => <TenantsTable tenants={list} />}
        </Loadable>
      </Section>

      <div className="overview-grid">
        <Section title="Recent activity">
          {state === undefined ? (
            <p className="muted loading">Waiting for the live connection…</p>
          ) : state.activity.length === 0 ? (
            <p className="empty">Nothing yet: the agents report what they do here.</p>
          ) : (
            <ActivityList items={state.activity} />
          )}
        </Section>
        <NewTenantForm onCreated={tenants.reload} />
      </div>
    </Page>
  );
}
