import type { OpsState } from "../../agents/ops-state";
import { Header } from "./components/header";
import { NewTenantForm } from "./components/new-tenant-form";
import { TenantList } from "./components/tenant-list";
import { useLiveAgent } from "./use-live-agent";
import { useTenantList } from "./use-tenant-list";

/** The operator's view: the tenant registry, live from the OpsAgent, one card each. */
export function App() {
  const ops = useLiveAgent<OpsState>("ops-agent", "main");
  const { tenants, problem, reload } = useTenantList(ops.state?.tenants_version);

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to tenants
      </a>
      <Header opsStatus={ops.status} />
      <main id="main" className="layout">
        <TenantList tenants={tenants} problem={problem} onRetry={reload} />
        <aside>
          <NewTenantForm onCreated={reload} />
        </aside>
      </main>
    </>
  );
}
