import { useCallback } from "react";
import type { OpsState } from "../../agents/ops-state";
import { getTenant } from "./api";
import { type TokenClaims, useSession } from "./auth";
import { Header } from "./components/header";
import { LoginScreen } from "./components/login-screen";
import { NewTenantForm } from "./components/new-tenant-form";
import { TenantList } from "./components/tenant-list";
import { useLiveAgent } from "./use-live-agent";
import { useTenantList } from "./use-tenant-list";

/** The login screen, or the view the token's role may see. */
export function App() {
  const session = useSession();
  if (session.status === "signed-out") return <LoginScreen notice={session.notice} />;
  // Keyed by token: logging in again starts every connection afresh with the new token.
  const { claims, token } = session;
  if (claims.role === "operator") return <OperatorView key={token} claims={claims} />;
  if (claims.role === "tenant" && claims.tenant) {
    return <TenantView key={token} claims={claims} tenantId={claims.tenant} />;
  }
  return <ServiceView claims={claims} />;
}

function SkipLink() {
  return (
    <a className="skip-link" href="#main">
      Skip to tenants
    </a>
  );
}

/** The operator's view: the tenant registry, live from the OpsAgent, one card each. */
function OperatorView({ claims }: { claims: TokenClaims }) {
  const ops = useLiveAgent<OpsState>("ops-agent", "main");
  const { tenants, problem, reload } = useTenantList(ops.state?.tenants_version);

  return (
    <>
      <SkipLink />
      <Header liveStatus={ops.status} claims={claims} />
      <main id="main" className="layout">
        <TenantList tenants={tenants} problem={problem} onRetry={reload} />
        <aside>
          <NewTenantForm onCreated={reload} />
        </aside>
      </main>
    </>
  );
}

/**
 * A tenant's view: its own card only. A tenant token cannot list tenants, so the id
 * comes from the token's claims and the name from GET /api/tenants/<id>.
 */
function TenantView({ claims, tenantId }: { claims: TokenClaims; tenantId: string }) {
  const load = useCallback(
    (signal: AbortSignal) => getTenant(tenantId, signal).then((tenant) => [tenant]),
    [tenantId],
  );
  const { tenants, problem, reload } = useTenantList(undefined, load);

  return (
    <>
      <SkipLink />
      <Header claims={claims} />
      <main id="main" className="layout single">
        <TenantList tenants={tenants} problem={problem} onRetry={reload} heading="Your tenant" />
      </main>
    </>
  );
}

/** Service tokens may only send events; there is nothing for them to watch here. */
function ServiceView({ claims }: { claims: TokenClaims }) {
  return (
    <>
      <Header claims={claims} />
      <main id="main" className="layout single">
        <p className="empty">
          A service token can send events but not watch them. Log out and log in with an operator or
          tenant token to see the dashboard.
        </p>
      </main>
    </>
  );
}
