import { useCallback } from "react";
import { getTenant } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { formatCount, formatUsd } from "../../lib/format";
import { useResource } from "../../live/use-resource";

/**
 * What this tenant's agent has cost: its calls, alarms and SQLite rows, priced with the
 * platform's price table (re-read when the agent's applied counter moves).
 */
export function TenantCost({ tenantId, applied }: { tenantId: string; applied?: number }) {
  const load = useCallback(
    async (signal: AbortSignal) => (await getTenant(tenantId, { signal })).cost,
    [tenantId],
  );
  const cost = useResource(load, [applied]);
  return (
    <Loadable
      what="cost"
      {...cost}
      onRetry={cost.reload}
      isEmpty={(c) => c === null}
      empty="No traffic metered yet."
    >
      {(c) =>
        c ? (
          <p data-testid="tenant-cost">
            {formatUsd(c.usd_total)} so far
            {c.usd_per_million_events === null
              ? ""
              : `, ${formatUsd(c.usd_per_million_events)} per million events`}
            : {formatCount(c.operations.do_requests)} agent calls and alarms,{" "}
            {formatCount(c.operations.sqlite_rows_written)} SQLite rows written.
          </p>
        ) : null
      }
    </Loadable>
  );
}
