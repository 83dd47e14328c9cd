import type { ActivityItem } from "../../../../events/ops-state";
import { formatClock, formatDateTime } from "../../lib/format";
import { Link } from "../../router/link";

/** What the tenants' agents did lately, newest first, each line linking to its chain. */
export function ActivityList({ items }: { items: readonly ActivityItem[] }) {
  return (
    <ol className="activity" aria-live="polite" aria-relevant="additions">
      {items.map((item) => (
        <li key={`${item.tenant_id}-${item.seq}`}>
          <time dateTime={item.at} title={formatDateTime(item.at)}>
            {formatClock(item.at)}
          </time>
          <span className="activity-kind">{item.kind}</span>
          <span className="activity-tenant">{item.tenant_id}</span>
          <span className="activity-text">
            {item.correlation_id ? (
              <Link
                to={`/trace/${encodeURIComponent(item.correlation_id)}?tenant=${encodeURIComponent(item.tenant_id)}`}
              >
                {item.text}
              </Link>
            ) : (
              item.text
            )}
          </span>
        </li>
      ))}
    </ol>
  );
}
