import { type ReactNode, useEffect, useRef } from "react";
import type { TokenClaims } from "../auth";
import {
  OpsLiveProvider,
  TenantLiveProvider,
  useOpsLive,
  useTenantLive,
} from "../live/live-context";
import { useLocation } from "../router/router";
import { Header } from "./header";
import { Nav, OPERATOR_NAV, tenantNav } from "./nav";
import { OperatorRoutes, TenantRoutes } from "./routes";

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to content
    </a>
  );
}

/**
 * Moves focus to the page's content after an in-app navigation (not on first load), so
 * keyboard and screen-reader users land on the new page rather than on the link.
 */
function Main({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  const ref = useRef<HTMLElement>(null);
  // The pathname focus was last moved for: effects may run twice (StrictMode), a
  // first render is not a navigation, and neither moves focus.
  const shown = useRef(pathname);
  useEffect(() => {
    if (shown.current === pathname) return;
    shown.current = pathname;
    ref.current?.focus();
  }, [pathname]);
  return (
    <main id="main" className="app-main" tabIndex={-1} ref={ref}>
      {children}
    </main>
  );
}

function OperatorHeader({ claims }: { claims: TokenClaims }) {
  return <Header claims={claims} live={useOpsLive()} />;
}

function TenantHeader({ claims }: { claims: TokenClaims }) {
  return <Header claims={claims} live={useTenantLive()} />;
}

/** The operator's dashboard: every tenant and the platform's plumbing, over the OpsAgent. */
export function OperatorShell({ claims }: { claims: TokenClaims }) {
  return (
    <OpsLiveProvider>
      <SkipLink />
      <OperatorHeader claims={claims} />
      <Nav items={OPERATOR_NAV} label="Operator pages" />
      <Main>
        <OperatorRoutes />
      </Main>
    </OpsLiveProvider>
  );
}

/** A tenant's dashboard: its own tenant only, over its own agent. */
export function TenantShell({ claims, tenantId }: { claims: TokenClaims; tenantId: string }) {
  return (
    <TenantLiveProvider tenantId={tenantId}>
      <SkipLink />
      <TenantHeader claims={claims} />
      <Nav items={tenantNav(tenantId)} label="Your pages" />
      <Main>
        <TenantRoutes tenantId={tenantId} />
      </Main>
    </TenantLiveProvider>
  );
}
