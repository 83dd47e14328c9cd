import { useCallback } from "react";
import { listRuns } from "../../api/runs";
import { Loadable } from "../../components/loadable";
import { useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { RunActions } from "./run-actions";
import { RunList } from "./run-list";

/**
 * A tenant's runs, re-read whenever its agent pushes a new state (a run asked for,
 * started, moved a step, finished). Inside a TenantLiveProvider.
 */
export function RunsPanel({ tenantId }: { tenantId: string }) {
  const live = useTenantLive();
  const load = useCallback((signal: AbortSignal) => listRuns(tenantId, { signal }), [tenantId]);
  const runs = useResource(load, [live?.state]);
  return (
    <Loadable
      what="runs"
      {...runs}
      onRetry={runs.reload}
      isEmpty={(list) => list.length === 0}
      empty="No runs yet: a cycle starts one for each keyword its strategy keeps."
    >
      {(list) => (
        <RunList
          runs={list}
          tenantId={tenantId}
          actions={(run) => <RunActions run={run} tenantId={tenantId} onDone={runs.reload} />}
        />
      )}
    </Loadable>
  );
}
