import type { EventLogEntry } from "../../api/schemas";
import { formatClock, formatDateTime } from "../../lib/format";
import { Link } from "../../router/link";

/** Events of one tenant's log, newest first, each linking to its chain. */
export function EventTable({
  events,
  tenantId,
}: {
  events: readonly (EventLogEntry & { tenant_id?: string })[];
  /** The tenant all events belong to; otherwise each carries its own `tenant_id`. */
  tenantId?: string;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Applied</th>
            {tenantId ? null : <th scope="col">Tenant</th>}
            <th scope="col">Type</th>
            <th scope="col">Source</th>
            <th scope="col">Chain</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => {
            const tenant = tenantId ?? event.tenant_id ?? "";
            return (
              <tr
                key={`${tenant}-${event.event_id}`}
                data-testid="event-row"
                data-type={event.type}
              >
                <td>
                  <time dateTime={event.applied_at} title={formatDateTime(event.applied_at)}>
                    {formatClock(event.applied_at)}
                  </time>
                </td>
                {tenantId ? null : <td>{tenant}</td>}
                <td>
                  <code>{event.type}</code>
                </td>
                <td>{event.source}</td>
                <td>
                  {event.correlation_id ? (
                    <Link
                      to={`/trace/${encodeURIComponent(event.correlation_id)}?tenant=${encodeURIComponent(tenant)}`}
                    >
                      trace
                    </Link>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
