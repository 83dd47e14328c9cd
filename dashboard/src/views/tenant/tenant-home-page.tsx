import { useCallback, useState } from "react";
import { listEvents, runCycle } from "../../api/tenants";
import { useSession } from "../../auth";
import { LastEventLine } from "../../components/last-event-line";
import { Loadable } from "../../components/loadable";
import { ProblemMessage } from "../../components/problem-message";
import { SendTestEventButton } from "../../components/send-test-event-button";
import { formatDateTime } from "../../lib/format";
import { useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { type Problem, toProblem } from "../../problem";
import { Link } from "../../router/link";
import { Page, Section } from "../../shell/page";
import { ActiveRuns } from "./active-runs";
import { EventTable } from "./event-table";
import { LiveCounters } from "./live-counters";
import { ReplayPanel } from "./replay-panel";
import { TenantBudget } from "./tenant-budget";
import { TenantCost } from "./tenant-cost";

const traceLink = (chain: string, tenant: string) =>
  `/trace/${encodeURIComponent(chain)}?tenant=${encodeURIComponent(tenant)}`;

/** Runs a cycle now and links to the chain it opened. */
function RunCycleButton({ tenantId }: { tenantId: string }) {
  const [pending, setPending] = useState(false);
  const [chain, setChain] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(null);
  async function onClick() {
    setPending(true);
    setProblem(null);
    try {
      setChain(await runCycle(tenantId));
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setPending(false);
    }
  }
  return (
    <div className="run-cycle">
      <button type="button" onClick={onClick} disabled={pending}>
        {pending ? "Starting…" : "Run a cycle now"}
      </button>
      <span role="status">
        {chain ? (
          <Link to={traceLink(chain, tenantId)} data-testid="cycle-trace-link">
            Cycle started: follow its chain
          </Link>
        ) : null}
      </span>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </div>
  );
}

/**
 * One tenant at a glance: its agent's live counters and runs, the current cycle, the
 * last error, and the newest events of its log (re-read whenever the agent's applied
 * counter moves).
 */
export function TenantHomePage({ tenantId, name }: { tenantId: string; name: string }) {
  const live = useTenantLive();
  const state = live?.state;
  const session = useSession();
  const isOperator = session.status === "signed-in" && session.claims.role === "operator";
  const load = useCallback(
    (signal: AbortSignal) => listEvents({ tenant: tenantId, limit: 15 }, { signal }),
    [tenantId],
  );
  const events = useResource(load, [state?.applied, state?.duplicates]);

  return (
    <Page
      title={name}
      intro={<code data-testid={`tenant-${tenantId}`}>{tenantId}</code>}
      actions={<RunCycleButton tenantId={tenantId} />}
    >
      <div className="tenant-home">
        <Section title="Agent">
          <LiveCounters tenantId={tenantId} state={state} />
          <LastEventLine event={state?.last_event ?? null} />
          <SendTestEventButton tenantId={tenantId} />
        </Section>
        <Section title="Cost">
          <TenantCost tenantId={tenantId} applied={state?.applied} />
          <TenantBudget tenantId={tenantId} applied={state?.applied} />
        </Section>
        <div className="tenant-home-side">
          <Section title="Current cycle">
            {state?.current_cycle ? (
              <p>
                Started {formatDateTime(state.current_cycle.started_at)} (
                {state.current_cycle.reason}
                ).{" "}
                <Link
                  to={traceLink(state.current_cycle.correlation_id, tenantId)}
                  data-testid="current-cycle-trace"
                >
                  Open its trace
                </Link>
              </p>
            ) : (
              <p className="muted">No cycle has run yet.</p>
            )}
            <p className="muted">
              Cycles run on <code>{state?.cycle_cron || "—"}</code> (UTC), strategy v
              {state?.strategy_version ?? "—"}.
            </p>
            {state?.last_error ? (
              <p className="field-error" data-testid="last-error">
                Last error at {formatDateTime(state.last_error.at)}: {state.last_error.message}
              </p>
            ) : null}
          </Section>
          <Section
            title="Runs in progress"
            actions={<Link to={`/tenants/${encodeURIComponent(tenantId)}/runs`}>All runs</Link>}
          >
            <ActiveRuns runs={state?.active_runs ?? []} tenantId={tenantId} />
          </Section>
        </div>
        {isOperator ? (
          <Section title="Replay events" className="span-all">
            <ReplayPanel tenantId={tenantId} />
          </Section>
        ) : null}
        <Section title="Newest events" className="span-all">
          <Loadable
            what="events"
            {...events}
            onRetry={events.reload}
            isEmpty={(list) => list.length === 0}
            empty="No events yet."
          >
            {(list) => <EventTable events={list} tenantId={tenantId} />}
          </Loadable>
        </Section>
      </div>
    </Page>
  );
}
