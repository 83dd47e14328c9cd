import { useId } from "react";
import { type AuditFilter, listAudit } from "../../api/audit";
import { LoadMore } from "../../components/load-more";
import { Loadable } from "../../components/loadable";
import { formatDateTime } from "../../lib/format";
import { useFilteredPages } from "../../live/use-filtered-pages";
import { navigate, useLocation, withSearch } from "../../router/router";
import { Page } from "../../shell/page";

/** Entries shown at first, and added by each "Load more". */
const PAGE = 100;

function Filters({ filter }: { filter: Required<AuditFilter> }) {
  const location = useLocation();
  const ids = { actor: useId(), action: useId(), tenant: useId() };
  const set = (name: keyof AuditFilter, value: string) =>
    navigate(withSearch(location, { [name]: value }), { replace: true });
  const field = (name: keyof AuditFilter, label: string, placeholder: string) => (
    <div className="field">
      <label htmlFor={ids[name]}>{label}</label>
      <input
        id={ids[name]}
        value={filter[name]}
        onChange={(e) => set(name, e.target.value.trim())}
        placeholder={placeholder}
        spellCheck={false}
        autoComplete="off"
      />
    </div>
  );
  return (
    <search className="filters">
      {field("actor", "Actor", "operator:alice")}
      {field("action", "Action", "strategy.update")}
      {field("tenant", "Tenant", "tenant id")}
    </search>
  );
}

/**
 * The audit log: every action that may change something, newest first, with who did
 * it (the token's subject), what, to which tenant and target, and how it went. Filters
 * live in the address; "Load more" follows the API's cursor.
 */
/** The filter fields, as the address names them. */
const AUDIT_FILTER_FIELDS = ["actor", "action", "tenant"] as const;

export function AuditPage() {
  const {
    filter,
    list: entries,
    rows: shown,
    more,
    showMore,
  } = useFilteredPages(AUDIT_FILTER_FIELDS, PAGE, listAudit);
  return (
    <Page title="Audit" intro="Who did what, when, to what, and how it went: newest first.">
      <Filters filter={filter} />
      <Loadable
        what="the audit log"
        {...entries}
        onRetry={entries.reload}
        isEmpty={(page) => page.rows.length === 0}
        empty="No actions match the filter."
      >
        {({ rows }) => (
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Action</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">Target</th>
                  <th scope="col">Outcome</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((e) => (
                  <tr key={e.seq} data-testid="audit-entry">
                    <td>{formatDateTime(e.at)}</td>
                    <td>
                      {e.actor} <span className="muted">({e.role})</span>
                    </td>
                    <td>
                      <code>{e.action}</code>
                    </td>
                    <td>{e.tenant_id ?? "—"}</td>
                    <td>{e.target ?? "—"}</td>
                    <td title={`${e.method} ${e.path}`}>
                      {e.outcome} ({e.status})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Loadable>
      {shown.length > 0 ? (
        <LoadMore
          what="actions"
          shown={shown.length}
          more={more}
          loading={entries.data === undefined}
          onMore={showMore}
        />
      ) : null}
    </Page>
  );
}
