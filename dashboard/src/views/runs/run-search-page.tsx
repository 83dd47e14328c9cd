import { useCallback, useId } from "react";
import { RUN_STATUSES } from "../../../../events";
import { type RunFilter, searchRuns } from "../../api/run-search";
import type { TenantRun } from "../../api/schemas";
import { listTenants } from "../../api/tenants";
import { LoadMore } from "../../components/load-more";
import { Loadable } from "../../components/loadable";
import { StatusBadge } from "../../components/status-badge";
import { formatClock, formatDateTime } from "../../lib/format";
import { useOpsLive } from "../../live/live-context";
import { useFilteredPages } from "../../live/use-filtered-pages";
import { useResource } from "../../live/use-resource";
import { Link } from "../../router/link";
import { navigate, useLocation, withSearch } from "../../router/router";
import { Page } from "../../shell/page";
import { BulkBar } from "./bulk-bar";
import { APPROVAL_STEP } from "./run-actions";
import { isFinal } from "./run-list";

/** Runs shown at first, and added by each "Load more". */
const PAGE = 50;

/** A run's status as the search names it: at the approval step, "waiting for approval". */
export function runStatusWord(run: Pick<TenantRun, "status" | "step">): string {
  return !isFinal(run) && run.step === APPROVAL_STEP ? "waiting for approval" : run.status;
}

function Filters({ filter }: { filter: RunFilter }) {
  const location = useLocation();
  const ids = {
    tenant: useId(),
    status: useId(),
    step: useId(),
    q: useId(),
    since: useId(),
    until: useId(),
  };
  const loadTenants = useCallback((signal: AbortSignal) => listTenants({ signal }), []);
  const tenants = useResource(loadTenants);
  const set = (name: keyof RunFilter, value: string) =>
    navigate(withSearch(location, { [name]: value }), { replace: true });
  const sorted = [...(tenants.data ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  return (
    <search className="filters" aria-label="Filter runs">
      <div className="field">
        <label htmlFor={ids.tenant}>Tenant</label>
        <select
          id={ids.tenant}
          value={filter.tenant ?? ""}
          onChange={(e) => set("tenant", e.target.value)}
          data-testid="runs-filter-tenant"
        >
          <option value="">any</option>
          {sorted.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.id})
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.status}>Status</label>
        <select
          id={ids.status}
          value={filter.status ?? ""}
          onChange={(e) => set("status", e.target.value)}
          data-testid="runs-filter-status"
        >
          <option value="">any</option>
          {RUN_STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={ids.step}>Step</label>
        <input
          id={ids.step}
          value={filter.step ?? ""}
          onChange={(e) => set("step", e.target.value)}
          placeholder="any"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.q}>Search</label>
        <input
          id={ids.q}
          type="search"
          value={filter.q ?? ""}
          onChange={(e) => set("q", e.target.value)}
          placeholder="keyword, run or content id"
          spellCheck={false}
          autoComplete="off"
          data-testid="runs-filter-q"
        />
      </div>
      <div className="field">
        <label htmlFor={ids.since}>Asked since</label>
        <input
          id={ids.since}
          type="datetime-local"
          value={filter.since ?? ""}
          onChange={(e) => set("since", e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor={ids.until}>Asked before</label>
        <input
          id={ids.until}
          type="datetime-local"
          value={filter.until ?? ""}
          onChange={(e) => set("until", e.target.value)}
        />
      </div>
    </search>
  );
}

function RunTable({ runs }: { runs: readonly TenantRun[] }) {
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="run-search-table">
        <thead>
          <tr>
            <th scope="col">Asked</th>
            <th scope="col">Tenant</th>
            <th scope="col">Keyword</th>
            <th scope="col">Status</th>
            <th scope="col">Step</th>
            <th scope="col">Run</th>
          </tr>
        </thead>
        <tbody>
          {runs.map((run) => (
            <tr
              key={`${run.tenant_id}/${run.run_id}`}
              data-testid="run-search-row"
              data-tenant={run.tenant_id}
              data-run={run.run_id}
            >
              <td>
                <time dateTime={run.requested_at} title={formatDateTime(run.requested_at)}>
                  {formatClock(run.requested_at)}
                </time>
              </td>
              <td>
                <Link to={`/tenants/${encodeURIComponent(run.tenant_id)}/runs`}>
                  {run.tenant_id}
                </Link>
              </td>
              <td>{run.keyword}</td>
              <td>
                <StatusBadge status={runStatusWord(run)} testId="run-search-status" />
              </td>
              <td className="muted">
                {run.step ?? ""}
                {run.waiting ? (
                  <span className="sub" data-testid="run-waiting" data-reason={run.waiting.reason}>
                    {run.waiting.text}
                  </span>
                ) : null}
              </td>
              <td>
                <Link
                  to={`/trace/${encodeURIComponent(run.correlation_id)}?tenant=${encodeURIComponent(run.tenant_id)}`}
                >
                  <span className="mono">{run.run_id}</span>
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The filter fields, as the address names them. */
const RUN_FILTER_FIELDS = ["tenant", "status", "step", "q", "since", "until"] as const;

/**
 * The operator's runs across tenants: search by tenant, status, step, text and time,
 * newest first, a page at a time ("Load more"), and act on every run found at once
 * (preview first). Re-read when the tenants' summaries change and after each action.
 */
export function RunSearchPage() {
  const ops = useOpsLive();
  const {
    filter,
    list: runs,
    more,
    loadingMore,
    showMore,
  } = useFilteredPages(RUN_FILTER_FIELDS, PAGE, searchRuns, [ops?.state?.summaries_version]);
  const filtered = Object.values(filter).some(Boolean);

  return (
    <Page
      title="Runs"
      intro="Content runs of every tenant, newest first: search them, open one's trace, or act on all that match."
    >
      <Filters filter={filter} />
      <BulkBar filter={filter} onDone={runs.reload} />
      <Loadable
        what="runs"
        {...runs}
        onRetry={runs.reload}
        isEmpty={(page) => page.rows.length === 0}
        empty={
          filtered
            ? "No runs match the filter."
            : "No runs yet: a cycle starts one for each keyword its strategy keeps."
        }
      >
        {({ rows }) => (
          <>
            <RunTable runs={rows} />
            <LoadMore
              what="runs"
              shown={rows.length}
              more={more}
              loading={loadingMore}
              onMore={showMore}
            />
          </>
        )}
      </Loadable>
    </Page>
  );
}
