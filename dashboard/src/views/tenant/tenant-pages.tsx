import { useCallback } from "react";
import { getTenant } from "../../api/tenants";
import { useSession } from "../../auth";
import { ProblemMessage } from "../../components/problem-message";
import { TenantLiveProvider, useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { Link } from "../../router/link";
import { Nav, tenantNav } from "../../shell/nav";
import { TenantRunsPage } from "../runs/tenant-runs-page";
import { ContentPage } from "./content-page";
import { InspectPage } from "./inspect-page";
import { StrategyPage } from "./strategy-page";
import { TenantHoldBanner, TenantHoldControls } from "./tenant-hold";
import { TenantHomePage } from "./tenant-home-page";

export type TenantTab = "home" | "strategy" | "content" | "runs" | "inspect";

function TenantTabs({ tenantId, tab }: { tenantId: string; tab: TenantTab }) {
  const session = useSession();
  const isOperator = session.status === "signed-in" && session.claims.role === "operator";
  // The tenant detail, for its name; re-read when its strategy version changes.
  const live = useTenantLive();
  const load = useCallback((signal: AbortSignal) => getTenant(tenantId, { signal }), [tenantId]);
  const hold = live?.state?.held;
  const detail = useResource(load, [live?.state?.strategy_version, hold?.status]);
  const name = detail.data?.tenant.name ?? tenantId;

  return (
    <>
      {isOperator ? (
        <div className="tenant-bar">
          <p className="breadcrumb">
            <Link to="/">Tenants</Link> <span aria-hidden="true">›</span>{" "}
            <span data-testid="tenant-name">{name}</span> <code>{tenantId}</code>
          </p>
          {/* The operator's main navigation is about the platform; these are this tenant's pages. */}
          <Nav
            items={[
              ...tenantNav(tenantId).slice(0, 4),
              { to: `/tenants/${encodeURIComponent(tenantId)}/inspect`, label: "Inspect" },
            ]}
            label={`${name} pages`}
          />
          <TenantHoldControls tenantId={tenantId} hold={hold} onChanged={detail.reload} />
        </div>
      ) : null}
      <TenantHoldBanner hold={hold} />
      {detail.problem && detail.data === undefined ? (
        <ProblemMessage problem={detail.problem} />
      ) : null}
      {tab === "home" ? <TenantHomePage tenantId={tenantId} name={name} /> : null}
      {tab === "strategy" ? <StrategyPage tenantId={tenantId} /> : null}
      {tab === "content" ? <ContentPage tenantId={tenantId} /> : null}
      {tab === "runs" ? <TenantRunsPage tenantId={tenantId} /> : null}
      {tab === "inspect" ? <InspectPage tenantId={tenantId} /> : null}
    </>
  );
}

/** The pages about one tenant, over one live connection to its agent. */
export function TenantPages({ tenantId, tab }: { tenantId: string; tab: TenantTab }) {
  return (
    <TenantLiveProvider tenantId={tenantId}>
      <TenantTabs tenantId={tenantId} tab={tab} />
    </TenantLiveProvider>
  );
}
