import { type FormEvent, useCallback, useId, useState } from "react";
import { getTrace } from "../../api/operations";
import { listEvents, listTenants } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { between, formatClock, formatDateTime } from "../../lib/format";
import { TenantLiveProvider, useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { Link } from "../../router/link";
import { navigate, useLocation } from "../../router/router";
import { Page, Section } from "../../shell/page";
import { TraceEntryRow } from "./trace-entry";

const traceUrl = (chain: string, tenant: string) =>
  `/trace/${encodeURIComponent(chain)}?tenant=${encodeURIComponent(tenant)}`;

/** Picks a chain: its correlation id and (for operators) the tenant it belongs to. */
function ChainForm({
  chain,
  tenant,
  fixedTenant,
}: {
  chain?: string | undefined;
  tenant: string;
  fixedTenant: boolean;
}) {
  const chainId = useId();
  const tenantId = useId();
  const [chainValue, setChainValue] = useState(chain ?? "");
  const [tenantValue, setTenantValue] = useState(tenant);
  const loadTenants = useCallback((signal: AbortSignal) => listTenants({ signal }), []);
  const tenants = useResource(fixedTenant ? null : loadTenants);
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (chainValue.trim() && tenantValue) navigate(traceUrl(chainValue.trim(), tenantValue));
  }
  return (
    <form className="inline-form" onSubmit={onSubmit} data-testid="trace-form">
      <div className="field grow">
        <label htmlFor={chainId}>Correlation id</label>
        <input
          id={chainId}
          value={chainValue}
          onChange={(e) => setChainValue(e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      {fixedTenant ? null : (
        <div className="field">
          <label htmlFor={tenantId}>Tenant</label>
          <select
            id={tenantId}
            value={tenantValue}
            onChange={(e) => setTenantValue(e.target.value)}
          >
            <option value="">Choose…</option>
            {(tenants.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.id})
              </option>
            ))}
          </select>
        </div>
      )}
      <button type="submit" disabled={!chainValue.trim() || !tenantValue}>
        Show chain
      </button>
    </form>
  );
}

/** The tenant's latest cycles, each a chain to open. */
function RecentCycles({ tenant }: { tenant: string }) {
  const live = useTenantLive();
  const load = useCallback(
    (signal: AbortSignal) => listEvents({ tenant, type: "cycle.requested", limit: 8 }, { signal }),
    [tenant],
  );
  const cycles = useResource(load, [live?.state?.counts.cycles]);
  return (
    <Section title="Recent cycles">
      <Loadable
        what="cycles"
        {...cycles}
        onRetry={cycles.reload}
        isEmpty={(l) => l.length === 0}
        empty="No cycle has run yet."
      >
        {(list) => (
          <ul className="plain-list">
            {list.map((e) =>
              e.correlation_id ? (
                <li key={e.event_id}>
                  <Link to={traceUrl(e.correlation_id, tenant)}>
                    {formatDateTime(e.timestamp)} —{" "}
                    {String((e.payload as { reason?: unknown }).reason ?? "cycle")}
                  </Link>
                </li>
              ) : null,
            )}
          </ul>
        )}
      </Loadable>
    </Section>
  );
}

/** A chain, live: re-read whenever its tenant's agent pushes a new state. */
function Chain({ chain, tenant }: { chain: string; tenant: string }) {
  const live = useTenantLive();
  const load = useCallback(
    (signal: AbortSignal) => getTrace(chain, tenant, { signal }),
    [chain, tenant],
  );
  const trace = useResource(load, [live?.state]);
  return (
    <Section title="Causal chain">
      <Loadable what="the chain" {...trace} onRetry={trace.reload}>
        {(t) => {
          const first = t.entries[0]?.at;
          const last = t.entries
            .map((e) => e.at)
            .sort()
            .at(-1);
          const decisions = t.entries.filter((e) => e.kind === "decision").length;
          return (
            <>
              <p className="muted" data-testid="trace-summary">
                {t.entries.length} entries, {decisions} decision{decisions === 1 ? "" : "s"}, from{" "}
                {formatClock(first)} over {between(first, last)}.
              </p>
              <ol className="trace" aria-live="polite">
                {t.entries.map((entry) => (
                  <TraceEntryRow key={`${entry.kind}-${entry.id}`} entry={entry} />
                ))}
              </ol>
            </>
          );
        }}
      </Loadable>
    </Section>
  );
}

/**
 * A chain (correlation id) as its tenant's agent recorded it: every message in and out,
 * each decision with the reason for every keyword kept or dropped, the runs it started
 * and their steps, in causal order. `tenant` is fixed for a tenant's own view.
 */
export function TracePage({
  chain,
  tenant: fixed,
}: {
  chain?: string | undefined;
  tenant?: string;
}) {
  const { search } = useLocation();
  const tenant = fixed ?? search.get("tenant") ?? "";
  return (
    <Page
      title="Trace"
      intro="Follow one chain from the message that started it to every decision, run and step it caused."
    >
      <ChainForm
        key={`${chain}-${tenant}`}
        chain={chain}
        tenant={tenant}
        fixedTenant={fixed !== undefined}
      />
      {tenant ? (
        <TenantLiveProvider tenantId={tenant}>
          {chain ? <Chain chain={chain} tenant={tenant} /> : null}
          <RecentCycles tenant={tenant} />
        </TenantLiveProvider>
      ) : chain ? (
        <p className="empty">Choose the tenant this chain belongs to.</p>
      ) : null}
    </Page>
  );
}
