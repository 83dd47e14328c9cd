import { Page } from "../../shell/page";
import { RunsPanel } from "./runs-panel";

/** A tenant's content runs (inside the tenant's pages, which hold its live connection). */
export function TenantRunsPage({ tenantId }: { tenantId: string }) {
  return (
    <Page title="Runs" intro="Each content run with its live progress and step timeline.">
      <RunsPanel tenantId={tenantId} />
    </Page>
  );
}
