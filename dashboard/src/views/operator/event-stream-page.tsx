import { useCallback, useId, useState } from "react";
import { messageTypes } from "../../../../events";
import { listTenants } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { useOpsLive } from "../../live/live-context";
import { useEventStream } from "../../live/use-event-stream";
import { useResource } from "../../live/use-resource";
import { navigate, useLocation, withSearch } from "../../router/router";
import { Page } from "../../shell/page";
import { EventTable } from "../tenant/event-table";

/**
 * The live event stream: what the tenants' agents apply, newest first, filtered by
 * tenant and type (kept in the address), with a pause that holds the list still while
 * you read it.
 */
export function EventStreamPage() {
  const ops = useOpsLive();
  const location = useLocation();
  const ids = { tenant: useId(), type: useId() };
  const tenantFilter = location.search.get("tenant") || null;
  const typeFilter = location.search.get("type") || null;
  const [paused, setPaused] = useState(false);
  const load = useCallback((signal: AbortSignal) => listTenants({ signal }), []);
  const tenants = useResource(load, [ops?.state?.summaries_version, ops?.state?.tenants_version]);
  const stream = useEventStream(tenants.data, { tenant: tenantFilter, type: typeFilter }, paused);
  const set = (name: string, value: string) =>
    navigate(withSearch(location, { [name]: value }), { replace: true });

  return (
    <Page
      title="Events"
      intro="Every event the tenants' agents apply, as they apply it."
      actions={
        <button
          type="button"
          aria-pressed={paused}
          onClick={() => setPaused(!paused)}
          data-testid="pause-stream"
        >
          {paused ? "Resume" : "Pause"}
        </button>
      }
    >
      <search className="filters" aria-label="Filter events">
        <div className="field">
          <label htmlFor={ids.tenant}>Tenant</label>
          <select
            id={ids.tenant}
            value={tenantFilter ?? ""}
            onChange={(e) => set("tenant", e.target.value)}
          >
            <option value="">all tenants</option>
            {(tenants.data ?? []).map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.id})
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={ids.type}>Type</label>
          <select
            id={ids.type}
            value={typeFilter ?? ""}
            onChange={(e) => set("type", e.target.value)}
          >
            <option value="">all types</option>
            {messageTypes.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        </div>
        <p className="stream-status" data-testid="stream-status">
          <span role="status">
            {paused
              ? `Paused${stream.waiting > 0 ? `: ${stream.waiting} tenant${stream.waiting === 1 ? " has" : "s have"} new events` : ""}`
              : "Live"}
          </span>{" "}
          · {stream.events.length} events shown
        </p>
      </search>
      <Loadable
        what="events"
        data={stream.loading && stream.events.length === 0 ? undefined : stream.events}
        problem={stream.problem ?? tenants.problem}
        loading={stream.loading || tenants.loading}
        onRetry={tenants.reload}
        isEmpty={(list) => list.length === 0}
        empty={tenantFilter || typeFilter ? "No events match the filter yet." : "No events yet."}
      >
        {(list) => <EventTable events={list} />}
      </Loadable>
    </Page>
  );
}
