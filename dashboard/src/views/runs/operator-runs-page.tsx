import { useCallback, useId } from "react";
import { listTenants } from "../../api/tenants";
import { TenantLiveProvider } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { navigate, useLocation, withSearch } from "../../router/router";
import { Page } from "../../shell/page";
import { RunsPanel } from "./runs-panel";

/** The operator's runs page: one tenant's runs at a time, chosen in the address (?tenant=). */
export function OperatorRunsPage() {
  const location = useLocation();
  const selectId = useId();
  const load = useCallback((signal: AbortSignal) => listTenants({ signal }), []);
  const tenants = useResource(load);
  const first = tenants.data
    ? [...tenants.data].sort((a, b) => a.id.localeCompare(b.id))[0]
    : undefined;
  const tenant = location.search.get("tenant") ?? first?.id ?? "";
  return (
    <Page title="Runs" intro="Content runs of one tenant, live: progress, steps and timings.">
      <div className="field inline">
        <label htmlFor={selectId}>Tenant</label>
        <select
          id={selectId}
          value={tenant}
          onChange={(e) =>
            navigate(withSearch(location, { tenant: e.target.value }), { replace: true })
          }
        >
          {(tenants.data ?? []).map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.id})
            </option>
          ))}
        </select>
      </div>
      {tenant ? (
        <TenantLiveProvider tenantId={tenant}>
          <RunsPanel tenantId={tenant} />
        </TenantLiveProvider>
      ) : tenants.data?.length === 0 ? (
        <p className="empty">No tenants yet.</p>
      ) : null}
    </Page>
  );
}
