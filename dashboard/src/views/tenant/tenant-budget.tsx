import { type FormEvent, useCallback, useId, useState } from "react";
import type { BudgetStatus } from "../../api/schemas";
import { getBudget, putBudget } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { ProblemMessage } from "../../components/problem-message";
import { formatUsd } from "../../lib/format";
import { useResource } from "../../live/use-resource";
import { type Problem, toProblem } from "../../problem";

/**
 * This month's spend against the tenant's budget, the forecast at this month's pace,
 * and a form to set or remove the budget (and whether new runs wait once it is spent).
 * Re-read when the agent's applied counter moves.
 */
export function TenantBudget({ tenantId, applied }: { tenantId: string; applied?: number }) {
  const load = useCallback((signal: AbortSignal) => getBudget(tenantId, { signal }), [tenantId]);
  const budget = useResource(load, [applied]);
  return (
    <Loadable what="budget" {...budget} onRetry={budget.reload}>
      {(status) => <BudgetPanel tenantId={tenantId} status={status} onSaved={budget.reload} />}
    </Loadable>
  );
}

function BudgetPanel({
  tenantId,
  status,
  onSaved,
}: {
  tenantId: string;
  status: BudgetStatus;
  onSaved: () => void;
}) {
  const id = useId();
  const [amount, setAmount] = useState(status.budget ? String(status.budget.monthly_usd) : "");
  const [pause, setPause] = useState(status.budget?.pause_runs ?? false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [saving, setSaving] = useState(false);

  async function save(budget: { monthly_usd: number; pause_runs: boolean } | null) {
    setSaving(true);
    setProblem(null);
    try {
      await putBudget(tenantId, budget);
      onSaved();
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setSaving(false);
    }
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    void save({ monthly_usd: Number(amount), pause_runs: pause });
  }

  return (
    <div className="tenant-budget" data-testid="tenant-budget" data-level={status.level}>
      <p data-testid="budget-spend">
        {formatUsd(status.spent_usd)} spent in {status.month}, {formatUsd(status.forecast_usd)}{" "}
        forecast
        {status.budget
          ? ` of a ${formatUsd(status.budget.monthly_usd)} budget (${status.percent ?? 0} %)`
          : "; no budget"}
        .
      </p>
      {status.level > 0 ? (
        <p className={status.level === 100 ? "field-error" : "warning"} role="status">
          {status.level === 100 ? "Budget reached" : "80 % of the budget spent"}
          {status.runs_held
            ? ": new runs wait until the budget is raised or the month turns."
            : "."}
        </p>
      ) : null}
      <form onSubmit={submit} className="inline-form">
        <label htmlFor={`${id}-usd`}>Monthly budget (USD)</label>
        <input
          id={`${id}-usd`}
          type="number"
          min="0.000001"
          step="any"
          required
          value={amount}
          onChange={(e) => setAmount(e.target.value)}
          disabled={saving}
        />
        <label>
          <input
            type="checkbox"
            checked={pause}
            onChange={(e) => setPause(e.target.checked)}
            disabled={saving}
          />{" "}
          Hold new runs when it is spent
        </label>
        <button type="submit" disabled={saving}>
          Save budget
        </button>
        {status.budget ? (
          <button type="button" disabled={saving} onClick={() => void save(null)}>
            Remove budget
          </button>
        ) : null}
      </form>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </div>
  );
}
