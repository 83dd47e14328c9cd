import type { OperationGroup } from "../../lib/api-operations";
import { Section } from "../../shell/page";

/** The API's operations, one table per tag: method, path, what it does, who may call it. */
export function ApiOperations({ groups }: { groups: readonly OperationGroup[] }) {
  return (
    <>
      {groups.map((group) => (
        <Section key={group.tag} title={group.tag}>
          {group.description ? <p className="muted">{group.description}</p> : null}
          <div className="table-scroll">
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">Method</th>
                  <th scope="col">Path</th>
                  <th scope="col">Does</th>
                  <th scope="col">Who may call it</th>
                </tr>
              </thead>
              <tbody>
                {group.rows.map((row) => (
                  <tr key={row.id} data-testid={`operation-${row.id}`}>
                    <td>
                      <code>{row.method.toUpperCase()}</code>
                    </td>
                    <th scope="row">
                      <code className="wrap">{row.path}</code>
                    </th>
                    <td>{row.summary}</td>
                    <td data-testid={`access-${row.id}`}>
                      {row.access.length > 0 ? row.access.join(", ") : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      ))}
    </>
  );
}
