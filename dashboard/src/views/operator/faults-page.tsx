import { type FormEvent, useCallback, useId, useState } from "react";
import { clearFault, listServices, setFault } from "../../api/faults";
import type { ServiceFaults } from "../../api/schemas";
import { listTenants } from "../../api/tenants";
import { Loadable } from "../../components/loadable";
import { ProblemMessage } from "../../components/problem-message";
import { checkFault, describeFault, EMPTY_FAULT, type FaultDraft } from "../../lib/fault-form";
import { useOpsLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { type Problem, toProblem } from "../../problem";
import { Page } from "../../shell/page";

type Tenant = { id: string; name: string };

function FaultForm({
  service,
  tenants,
  onChanged,
}: {
  service: ServiceFaults;
  tenants: readonly Tenant[];
  onChanged: (message: string) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState<FaultDraft>(EMPTY_FAULT);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const check = checkFault(draft);
  const errors = check.ok ? {} : check.errors;
  const set = <K extends keyof FaultDraft>(key: K, value: FaultDraft[K]) =>
    setDraft({ ...draft, [key]: value });

  async function run(action: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    try {
      onChanged(await action());
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (!check.ok) return;
    const fault = check.fault;
    void run(async () => {
      await setFault(service.service, fault);
      return `${service.service}: ${describeFault(fault)}.`;
    });
  }

  const field = (key: keyof FaultDraft) => ({
    id: `${id}-${key}`,
    "aria-invalid": errors[key] !== undefined,
    "aria-describedby": errors[key] ? `${id}-${key}-error` : undefined,
  });
  const error = (key: keyof FaultDraft) =>
    errors[key] ? (
      <small id={`${id}-${key}-error`} className="field-error">
        {errors[key]}
      </small>
    ) : null;

  return (
    <form
      className="fault-form"
      onSubmit={onSubmit}
      noValidate
      aria-label={`Fault for ${service.service}`}
    >
      <div className="field">
        <label htmlFor={`${id}-percent`}>Fail rate (%)</label>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={100}
          value={draft.percent}
          onChange={(e) => set("percent", e.target.value)}
          {...field("percent")}
        />
        {error("percent")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-latency_ms`}>Latency (ms)</label>
        <input
          type="number"
          inputMode="numeric"
          min={0}
          max={30000}
          value={draft.latency_ms}
          onChange={(e) => set("latency_ms", e.target.value)}
          {...field("latency_ms")}
        />
        {error("latency_ms")}
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-tenant`}>Tenant</label>
        <select
          value={draft.tenant}
          onChange={(e) => set("tenant", e.target.value)}
          {...field("tenant")}
        >
          <option value="">every tenant</option>
          {tenants.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name} ({t.id})
            </option>
          ))}
        </select>
        {error("tenant")}
      </div>
      <div className="check">
        <input
          id={`${id}-permanent`}
          type="checkbox"
          checked={draft.permanent}
          onChange={(e) => set("permanent", e.target.checked)}
        />
        <label htmlFor={`${id}-permanent`}>Permanent (dead-letter at once)</label>
      </div>
      <div className="form-actions">
        <button
          type="submit"
          disabled={busy || !check.ok}
          data-testid={`set-fault-${service.service}`}
        >
          Set fault
        </button>
        <button
          type="button"
          className="secondary"
          disabled={busy || service.fault === null}
          data-testid={`clear-fault-${service.service}`}
          onClick={() =>
            run(async () => {
              await clearFault(service.service);
              return `${service.service}: fault cleared.`;
            })
          }
        >
          Clear fault
        </button>
      </div>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </form>
  );
}

/**
 * Fault injection into the reference services: make one fail (transiently or for
 * good), slow down, or both, for every tenant or one, and clear it again. Watch the
 * retries and dead letters it causes on the metrics and dead-letter pages. Re-read
 * after each change and whenever the metrics move.
 */
export function FaultsPage() {
  const ops = useOpsLive();
  const loadServices = useCallback((signal: AbortSignal) => listServices({ signal }), []);
  const services = useResource(loadServices, [ops?.state?.metrics_version]);
  const loadTenants = useCallback((signal: AbortSignal) => listTenants({ signal }), []);
  const tenants = useResource(loadTenants, [ops?.state?.tenants_version]);
  const [status, setStatus] = useState("");

  function changed(message: string) {
    setStatus(message);
    services.reload();
  }

  return (
    <Page
      title="Faults"
      intro="Make a reference service misbehave to watch retries, dead letters and redrives at work."
    >
      <p className="form-status" role="status" data-testid="faults-status">
        {status}
      </p>
      <Loadable
        what="services"
        {...services}
        onRetry={services.reload}
        isEmpty={(l) => l.length === 0}
      >
        {(list) => (
          <ul className="fault-list">
            {list.map((service) => (
              <li
                key={service.service}
                className="panel"
                data-testid={`service-${service.service}`}
              >
                <header className="panel-header">
                  <h3>{service.service}</h3>
                  <code className="muted">{service.queue}</code>
                </header>
                <p
                  data-testid={`fault-${service.service}`}
                  className={service.fault ? "field-error" : "muted"}
                >
                  {service.fault ? describeFault(service.fault) : "healthy: no fault injected"}
                </p>
                <FaultForm service={service} tenants={tenants.data ?? []} onChanged={changed} />
              </li>
            ))}
          </ul>
        )}
      </Loadable>
    </Page>
  );
}
