import { useCallback, useState } from "react";
import { deleteRule, getAlerts, putRule } from "../../../api/alerts";
import type { AlertRuleWithState, AlertsOverview } from "../../../api/schemas";
import { Loadable } from "../../../components/loadable";
import { ProblemMessage } from "../../../components/problem-message";
import { StatusBadge } from "../../../components/status-badge";
import { formatDateTime } from "../../../lib/format";
import { useOpsLive } from "../../../live/live-context";
import { useResource } from "../../../live/use-resource";
import { type Problem, toProblem } from "../../../problem";
import { Page, Section } from "../../../shell/page";
import { DeliveriesPanel } from "./deliveries-panel";
import { emptyRule, RuleForm, type RuleFormValue } from "./rule-form";
import { WebhooksPanel } from "./webhooks-panel";

const paramsText = (params: Record<string, string | number>) =>
  Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(", ");

/** A rule's state in words: each subject firing, or ok. */
function RuleState({ rule }: { rule: AlertRuleWithState }) {
  if (!rule.enabled) return <span className="muted">disabled</span>;
  const firing = rule.states.filter((s) => s.status === "firing");
  if (firing.length === 0) {
    const holding = rule.states.find((s) => s.breaching_since !== null);
    return (
      <span data-testid="alert-rule-state">
        <StatusBadge status="ok" />
        {holding?.breaching_since ? (
          <span className="muted"> breaching since {formatDateTime(holding.breaching_since)}</span>
        ) : null}
      </span>
    );
  }
  return (
    <ul className="plain-list" data-testid="alert-rule-state">
      {firing.map((s) => (
        <li key={s.tenant_id ?? ""}>
          <StatusBadge status="firing" /> {s.tenant_id ? `${s.tenant_id}: ` : ""}
          {s.value ?? "no value"} since {formatDateTime(s.since)}
        </li>
      ))}
    </ul>
  );
}

function RulesTable({
  overview,
  busy,
  onEdit,
  act,
}: {
  overview: AlertsOverview;
  busy: boolean;
  onEdit: (value: RuleFormValue) => void;
  act: (run: () => Promise<string>) => void;
}) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Rule</th>
            <th scope="col">Kind</th>
            <th scope="col">Parameters</th>
            <th scope="col" className="num">
              For (s)
            </th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.rules.map((rule) => (
            <tr key={rule.id} data-testid="alert-rule">
              <th scope="row">{rule.id}</th>
              <td>
                <code>{rule.kind}</code>
              </td>
              <td>{paramsText(rule.params)}</td>
              <td className="num">{rule.for_seconds}</td>
              <td>
                <RuleState rule={rule} />
              </td>
              <td>
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() =>
                    onEdit({
                      id: rule.id,
                      kind: rule.kind,
                      params: JSON.stringify(rule.params),
                      for_seconds: String(rule.for_seconds),
                      enabled: rule.enabled,
                    })
                  }
                >
                  Edit
                </button>{" "}
                <button
                  type="button"
                  className="secondary"
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      const { states: _states, id, created_at: _c, updated_at: _u, ...def } = rule;
                      await putRule(id, { ...def, enabled: !rule.enabled });
                      return `Rule ${id} ${rule.enabled ? "disabled" : "enabled"}.`;
                    })
                  }
                >
                  {rule.enabled ? "Disable" : "Enable"}
                </button>{" "}
                <button
                  type="button"
                  className="danger"
                  disabled={busy}
                  onClick={() =>
                    act(async () => {
                      await deleteRule(rule.id);
                      return `Rule ${rule.id} deleted.`;
                    })
                  }
                >
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EventsList({ events }: { events: AlertsOverview["events"] }) {
  if (events.length === 0) return <p className="empty">No alert has fired yet.</p>;
  return (
    <ul className="plain-list">
      {events.map((e) => (
        <li key={e.id} data-testid="alert-event">
          <StatusBadge status={e.type === "alert.firing" ? "firing" : "resolved"} />{" "}
          <span className="muted">{formatDateTime(e.at)}</span> <strong>{e.rule_id}</strong>
          {e.tenant_id ? ` (${e.tenant_id})` : ""}: {e.summary}
        </li>
      ))}
    </ul>
  );
}

/**
 * Alerts: rules as data and their state, evaluated by the OpsAgent on its schedule;
 * each firing and resolving is an event delivered, signed, to every webhook, retried
 * with backoff, dead after its last attempt and redrivable here. Re-read when the
 * OpsAgent pushes a new alerts version (an event made, a delivery settled).
 */
export function AlertsPage() {
  const ops = useOpsLive();
  const version = ops?.state?.alerts_version;
  const load = useCallback((signal: AbortSignal) => getAlerts({ signal }), []);
  const overview = useResource(load, [version]);
  const [form, setForm] = useState<RuleFormValue | null>(null);
  const [status, setStatus] = useState("");
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);

  const changed = (message: string) => {
    setStatus(message);
    overview.reload();
  };

  async function act(run: () => Promise<string>) {
    setBusy(true);
    setProblem(null);
    try {
      changed(await run());
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  const settings = overview.data?.settings;
  return (
    <Page
      title="Alerts"
      intro={
        settings
          ? `Rules are evaluated every ${settings.evaluate_every_seconds} s; each firing and resolving is sent, signed, to every webhook, retried from ${settings.retry_base_ms / 1000} s doubling, at most ${settings.max_attempts} times.`
          : "Rules, their webhooks and the deliveries of their events."
      }
    >
      <p className="form-status" role="status" data-testid="alerts-status">
        {status}
      </p>
      {problem ? <ProblemMessage problem={problem} /> : null}
      <Loadable what="alert rules" {...overview} onRetry={overview.reload}>
        {(data) => (
          <>
            <Section title="Rules">
              {data.rules.length === 0 ? (
                <p className="empty">No rules yet: nothing is watched.</p>
              ) : (
                <RulesTable overview={data} busy={busy} onEdit={setForm} act={act} />
              )}
              <RuleForm
                kinds={data.kinds}
                value={form ?? emptyRule(data.kinds)}
                onChange={setForm}
                onSaved={(message) => {
                  setForm(null);
                  changed(message);
                }}
              />
            </Section>
            <Section title="Recent events">
              <EventsList events={data.events} />
            </Section>
            <p className="muted" data-testid="alert-delivery-counts">
              Deliveries: {data.deliveries.pending} pending, {data.deliveries.delivered} delivered,{" "}
              {data.deliveries.dead} dead.
            </p>
          </>
        )}
      </Loadable>
      <WebhooksPanel onChanged={changed} />
      <DeliveriesPanel version={version} onChanged={changed} />
    </Page>
  );
}
