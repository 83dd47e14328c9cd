import type { TenantSummary } from "../../../../events/ops-state";
import type { BudgetStatus } from "../../api/schemas";
import { StatusBadge } from "../../components/status-badge";
import { formatClock, formatCount, formatDateTime, formatUsd } from "../../lib/format";
import { Link } from "../../router/link";

/**
 * Every tenant with the counters its agent last reported (coalesced summaries, about
 * once a second while it is busy): a row each, linking to the tenant's pages.
 */
export function TenantsTable({
  tenants,
}: {
  tenants: readonly (TenantSummary & { spend?: BudgetStatus })[];
}) {
  return (
    <div className="table-scroll">
      <table className="data-table tenants-table">
        <caption className="visually-hidden">Tenants and their agents' counters</caption>
        <thead>
          <tr>
            <th scope="col">Tenant</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Applied
            </th>
            <th scope="col" className="num">
              Duplicates
            </th>
            <th scope="col" className="num">
              Cycles
            </th>
            <th scope="col" className="num">
              Runs active
            </th>
            <th scope="col" className="num">
              Runs done / failed
            </th>
            <th scope="col" className="num">
              Published
            </th>
            <th scope="col" className="num">
              Strategy
            </th>
            <th scope="col" className="num">
              Spend this month
            </th>
            <th scope="col">Last cycle</th>
            <th scope="col">Last error</th>
          </tr>
        </thead>
        <tbody>
          {tenants.map((tenant) => {
            const s = tenant.summary;
            return (
              <tr key={tenant.id} data-testid={`tenant-${tenant.id}`}>
                <th scope="row">
                  <Link to={`/tenants/${encodeURIComponent(tenant.id)}`}>{tenant.name}</Link>
                  <code className="sub">{tenant.id}</code>
                </th>
                <StatusCell tenant={tenant} />
                <td className="num" data-testid={`applied-${tenant.id}`}>
                  {formatCount(s?.applied)}
                </td>
                <td className="num" data-testid={`duplicates-${tenant.id}`}>
                  {formatCount(s?.duplicates)}
                </td>
                <td className="num">{formatCount(s?.cycles)}</td>
                <td className="num" data-testid={`runs-active-${tenant.id}`}>
                  {formatCount(s?.runs_active)}
                </td>
                <td className="num">
                  {formatCount(s?.runs_completed)} / {formatCount(s?.runs_failed)}
                </td>
                <td className="num">{formatCount(s?.articles_published)}</td>
                <td className="num">{s ? `v${s.strategy_version}` : "—"}</td>
                <SpendCell spend={tenant.spend} tenantId={tenant.id} />
                <td>
                  <time
                    dateTime={s?.last_cycle_at ?? undefined}
                    title={formatDateTime(s?.last_cycle_at)}
                  >
                    {formatClock(s?.last_cycle_at)}
                  </time>
                </td>
                <td className={s?.last_error ? "error-cell" : "muted"}>
                  {s?.last_error ?? "none"}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** This month's spend, its forecast, and the budget's share when there is one. */
function SpendCell({ spend, tenantId }: { spend: BudgetStatus | undefined; tenantId: string }) {
  if (!spend) return <td className="num muted">—</td>;
  const over = spend.level === 100 ? "error-cell" : spend.level === 80 ? "warning-cell" : "";
  return (
    <td
      className={`num ${over}`}
      data-testid={`spend-${tenantId}`}
      title={`forecast ${formatUsd(spend.forecast_usd)} for ${spend.month}`}
    >
      {formatUsd(spend.spent_usd)}
      {spend.budget ? ` / ${formatUsd(spend.budget.monthly_usd)} (${spend.percent ?? 0} %)` : ""}
      {spend.runs_held ? " · runs held" : ""}
    </td>
  );
}

/** Active, paused or archived, with who did it since when in its title. */
function StatusCell({ tenant }: { tenant: TenantSummary }) {
  const status = tenant.status ?? "active";
  const title =
    status === "active"
      ? undefined
      : `${status}${tenant.status_by ? ` by ${tenant.status_by}` : ""} since ${formatDateTime(tenant.status_since)}`;
  return (
    <td title={title}>
      <StatusBadge status={status} testId={`status-${tenant.id}`} />
      {status !== "active" && tenant.status_by ? (
        <span className="sub">by {tenant.status_by}</span>
      ) : null}
    </td>
  );
}
