import type { TenantSummary } from "../../../agents/ops-state";
import type { Problem } from "../problem";
import { ProblemMessage } from "./problem-message";
import { TenantCard } from "./tenant-card";

type Props = {
  tenants: TenantSummary[] | null;
  problem: Problem | null;
  onRetry: () => void;
  heading?: string;
};

function Cards({ tenants }: { tenants: TenantSummary[] }) {
  if (tenants.length === 0) {
    return (
      <p className="empty">No tenants yet — create one with the form to start sending events.</p>
    );
  }
  return (
    <ul className="cards">
      {tenants.map((tenant) => (
        <li key={tenant.id}>
          <TenantCard tenant={tenant} />
        </li>
      ))}
    </ul>
  );
}

/**
 * Every tenant as a live card, or why there are none to show. A failed re-read keeps the
 * cards already shown and puts the problem above them.
 */
export function TenantList({ tenants, problem, onRetry, heading = "Tenants" }: Props) {
  const loading = tenants === null && problem === null;
  return (
    <section className="tenants" aria-labelledby="tenants-heading" aria-busy={loading}>
      <h2 id="tenants-heading">{heading}</h2>
      {problem ? (
        <div className="list-problem">
          <ProblemMessage problem={problem} />
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      ) : null}
      {loading ? <p className="muted">Loading tenants…</p> : null}
      {tenants ? <Cards tenants={tenants} /> : null}
    </section>
  );
}
