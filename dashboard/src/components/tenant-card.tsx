import type { TenantSummary } from "../../../agents/ops-state";
import type { TenantState } from "../../../agents/tenant-state";
import { useLiveAgent } from "../use-live-agent";
import { ConnectionIndicator } from "./connection-indicator";
import { Counter } from "./counter";
import { LastEventLine } from "./last-event-line";
import { SendTestEventButton } from "./send-test-event-button";

/** One tenant with its agent's live counters, over its own WebSocket. */
export function TenantCard({ tenant }: { tenant: TenantSummary }) {
  const { state, status } = useLiveAgent<TenantState>("tenant-agent", tenant.id);
  const headingId = `tenant-heading-${tenant.id}`;

  return (
    <article className="card" data-testid={`tenant-${tenant.id}`} aria-labelledby={headingId}>
      <header className="card-header">
        <h3 id={headingId}>{tenant.name}</h3>
        <ConnectionIndicator status={status} label={`${tenant.name} live updates`} />
      </header>
      <p className="tenant-id">
        <code>{tenant.id}</code>
      </p>
      <dl className="counters">
        <Counter label="applied" value={state?.applied} testId={`applied-${tenant.id}`} />
        <Counter
          label="duplicates skipped"
          value={state?.duplicates}
          testId={`duplicates-${tenant.id}`}
        />
      </dl>
      <LastEventLine event={state?.last_event ?? null} />
      <SendTestEventButton tenantId={tenant.id} />
    </article>
  );
}
