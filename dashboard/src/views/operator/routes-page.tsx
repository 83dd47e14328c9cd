import { useCallback } from "react";
import { getRouteTable } from "../../api/operations";
import type { RouteRuleView } from "../../api/schemas";
import { Loadable } from "../../components/loadable";
import { formatClock, formatCount, formatDateTime } from "../../lib/format";
import { useOpsLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { Page } from "../../shell/page";

/** A destination in words: "queue research-commands", "queue social-commands as social.post". */
function destination(to: RouteRuleView["to"][number]): string {
  if (to.kind === "queue") return `queue ${to.queue ?? "?"}${to.as ? ` as ${to.as}` : ""}`;
  return to.kind;
}

/** A predicate as compact text; the table keeps them as data, so JSON says it exactly. */
function predicate(when: unknown): string {
  return when === undefined ? "always" : JSON.stringify(when);
}

/**
 * The fan-out route table as data: which message types go where, on what condition,
 * and how often each rule matched. Re-read when the OpsAgent pushes a new metrics
 * version (hits are counted with each consumer batch's metrics).
 */
export function RoutesPage() {
  const ops = useOpsLive();
  const load = useCallback((signal: AbortSignal) => getRouteTable({ signal }), []);
  const table = useResource(load, [ops?.state?.metrics_version]);
  return (
    <Page
      title="Routes"
      intro={
        table.data
          ? `Route table v${table.data.version}: ${table.data.rules.length} rules. Adding a subscriber is one line in worker/routing/route-table.ts.`
          : "The fan-out route table."
      }
    >
      <Loadable
        what="the route table"
        {...table}
        onRetry={table.reload}
        isEmpty={(t) => t.rules.length === 0}
      >
        {(t) => (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Rule</th>
                  <th scope="col">Type</th>
                  <th scope="col">When</th>
                  <th scope="col">Goes to</th>
                  <th scope="col" className="num">
                    Hits
                  </th>
                  <th scope="col">Last hit</th>
                </tr>
              </thead>
              <tbody>
                {t.rules.map((rule) => (
                  <tr key={rule.id} data-testid={`route-${rule.id}`}>
                    <th scope="row">
                      <code>{rule.id}</code>
                      {rule.description ? <span className="sub">{rule.description}</span> : null}
                    </th>
                    <td>
                      <code>{rule.match}</code>
                    </td>
                    <td>
                      <code className="wrap">{predicate(rule.when)}</code>
                    </td>
                    <td>{rule.to.map(destination).join(", ")}</td>
                    <td className="num" data-testid={`hits-${rule.id}`}>
                      {formatCount(rule.hits)}
                    </td>
                    <td>
                      <time
                        dateTime={rule.last_hit_at ?? undefined}
                        title={formatDateTime(rule.last_hit_at)}
                      >
                        {formatClock(rule.last_hit_at)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
    </Page>
  );
}
