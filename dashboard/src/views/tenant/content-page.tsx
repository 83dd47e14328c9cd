import { Page } from "../../shell/page";

/** A tenant's articles. */
export function ContentPage({ tenantId }: { tenantId: string }) {
  return (
    <Page title="Content">
      <p className="empty" data-tenant={tenantId}>
        No articles yet.
      </p>
    </Page>
  );
}
