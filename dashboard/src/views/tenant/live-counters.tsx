import type { TenantState } from "../../../../events/tenant-state";
import { Counter } from "../../components/counter";

/** The tenant agent's counters as it pushes them; em dashes until its state arrives. */
export function LiveCounters({
  tenantId,
  state,
}: {
  tenantId: string;
  state: TenantState | undefined;
}) {
  const c = state?.counts;
  return (
    <dl className="counters" aria-live="polite">
      <Counter label="applied" value={state?.applied} testId={`applied-${tenantId}`} />
      <Counter
        label="duplicates skipped"
        value={state?.duplicates}
        testId={`duplicates-${tenantId}`}
      />
      <Counter label="cycles" value={c?.cycles} testId={`cycles-${tenantId}`} />
      <Counter label="decisions" value={c?.decisions} testId={`decisions-${tenantId}`} />
      <Counter label="runs active" value={c?.runs_active} testId={`runs-active-${tenantId}`} />
      <Counter label="runs done" value={c?.runs_completed} testId={`runs-completed-${tenantId}`} />
      <Counter label="runs failed" value={c?.runs_failed} testId={`runs-failed-${tenantId}`} />
      <Counter label="published" value={c?.articles_published} testId={`published-${tenantId}`} />
    </dl>
  );
}
