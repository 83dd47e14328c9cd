import { type ReactNode, useEffect } from "react";
import { Link } from "../router/link";
import { matchPath, navigate, useLocation } from "../router/router";
import { AlertsPage } from "../views/operator/alerts/alerts-page";
import { ApiDocsPage } from "../views/operator/api-docs-page";
import { AuditPage } from "../views/operator/audit-page";
import { DeadLettersPage } from "../views/operator/dead-letters-page";
import { EventStreamPage } from "../views/operator/event-stream-page";
import { FaultsPage } from "../views/operator/faults-page";
import { MetricsPage } from "../views/operator/metrics-page";
import { OverviewPage } from "../views/operator/overview-page";
import { RoutesPage } from "../views/operator/routes-page";
import { RunSearchPage } from "../views/runs/run-search-page";
import { TenantPages, type TenantTab } from "../views/tenant/tenant-pages";
import { TracePage } from "../views/trace/trace-page";
import { Page } from "./page";

type Route = { path: string; render: (params: Record<string, string>) => ReactNode };

/** The first route whose pattern matches the address, rendered; `fallback` otherwise. */
function Routes({ routes, fallback }: { routes: readonly Route[]; fallback: ReactNode }) {
  const { pathname } = useLocation();
  for (const route of routes) {
    const params = matchPath(route.path, pathname);
    if (params) return <>{route.render(params)}</>;
  }
  return <>{fallback}</>;
}

function NotFound({ home }: { home: string }) {
  return (
    <Page title="Not found">
      <p className="empty">
        There is no such page for you here. <Link to={home}>Back to the overview</Link>
      </p>
    </Page>
  );
}

const tenantSub = (id: string, tab: TenantTab) => <TenantPages tenantId={id} tab={tab} />;

const OPERATOR_ROUTES: readonly Route[] = [
  { path: "/", render: () => <OverviewPage /> },
  { path: "/events", render: () => <EventStreamPage /> },
  { path: "/runs", render: () => <RunSearchPage /> },
  { path: "/trace", render: () => <TracePage /> },
  { path: "/trace/:chain", render: (p) => <TracePage chain={p.chain} /> },
  { path: "/dead-letters", render: () => <DeadLettersPage /> },
  { path: "/routes", render: () => <RoutesPage /> },
  { path: "/metrics", render: () => <MetricsPage /> },
  { path: "/faults", render: () => <FaultsPage /> },
  { path: "/audit", render: () => <AuditPage /> },
  { path: "/alerts", render: () => <AlertsPage /> },
  { path: "/api-docs", render: () => <ApiDocsPage /> },
  { path: "/tenants/:id", render: (p) => tenantSub(p.id ?? "", "home") },
  { path: "/tenants/:id/strategy", render: (p) => tenantSub(p.id ?? "", "strategy") },
  { path: "/tenants/:id/content", render: (p) => tenantSub(p.id ?? "", "content") },
  { path: "/tenants/:id/runs", render: (p) => tenantSub(p.id ?? "", "runs") },
  { path: "/tenants/:id/inspect", render: (p) => tenantSub(p.id ?? "", "inspect") },
];

export function OperatorRoutes() {
  return <Routes routes={OPERATOR_ROUTES} fallback={<NotFound home="/" />} />;
}

/** Sends the tenant's `/` to its own overview, keeping the history clean. */
function RedirectTo({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}

/** A tenant's pages: its own tenant's, and traces of its own chains. */
export function TenantRoutes({ tenantId }: { tenantId: string }) {
  const home = `/tenants/${encodeURIComponent(tenantId)}`;
  const own = (id: string | undefined, tab: "home" | "strategy" | "content" | "runs") =>
    id === tenantId ? tenantSub(id, tab) : <NotFound home={home} />;
  const routes: Route[] = [
    { path: "/", render: () => <RedirectTo to={home} /> },
    { path: "/tenants/:id", render: (p) => own(p.id, "home") },
    { path: "/tenants/:id/strategy", render: (p) => own(p.id, "strategy") },
    { path: "/tenants/:id/content", render: (p) => own(p.id, "content") },
    { path: "/tenants/:id/runs", render: (p) => own(p.id, "runs") },
    { path: "/trace", render: () => <TracePage tenant={tenantId} /> },
    { path: "/trace/:chain", render: (p) => <TracePage chain={p.chain} tenant={tenantId} /> },
  ];
  return <Routes routes={routes} fallback={<NotFound home={home} />} />;
}
