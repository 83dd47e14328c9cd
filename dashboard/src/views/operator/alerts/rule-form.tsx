import { type FormEvent, useId, useState } from "react";
import { putRule, type RuleDraft } from "../../../api/alerts";
import type { AlertsOverview } from "../../../api/schemas";
import { ProblemMessage } from "../../../components/problem-message";
import { type Problem, toProblem } from "../../../problem";

/** What the form holds: the rule's id and its definition, parameters as JSON text. */
export type RuleFormValue = {
  id: string;
  kind: string;
  params: string;
  for_seconds: string;
  enabled: boolean;
};

export function emptyRule(kinds: AlertsOverview["kinds"]): RuleFormValue {
  const first = kinds[0];
  return {
    id: "",
    kind: first?.kind ?? "",
    params: JSON.stringify(first?.example ?? {}),
    for_seconds: "0",
    enabled: true,
  };
}

/**
 * Creates or replaces a rule. The parameters are a JSON object, checked by the server
 * with the kind's own schema: its field errors show here. Picking another kind fills in
 * that kind's example.
 */
export function RuleForm({
  kinds,
  value,
  onChange,
  onSaved,
}: {
  kinds: AlertsOverview["kinds"];
  value: RuleFormValue;
  onChange: (value: RuleFormValue) => void;
  onSaved: (message: string) => void;
}) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const set = <K extends keyof RuleFormValue>(key: K, next: RuleFormValue[K]) =>
    onChange({ ...value, [key]: next });
  const kind = kinds.find((k) => k.kind === value.kind);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setProblem(null);
    let params: unknown;
    try {
      params = JSON.parse(value.params);
    } catch (error) {
      setProblem({
        type: "about:blank",
        title: "Parameters are not JSON",
        status: 0,
        detail: String(error),
      });
      return;
    }
    const rule: RuleDraft = {
      kind: value.kind,
      params,
      enabled: value.enabled,
      for_seconds: Number(value.for_seconds),
    };
    setBusy(true);
    try {
      const saved = await putRule(value.id.trim(), rule);
      onSaved(`Rule ${saved.rule.id} ${saved.created ? "created" : "saved"}.`);
    } catch (error) {
      setProblem(toProblem(error));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="alert-rule-form" onSubmit={onSubmit} aria-label="Alert rule" noValidate>
      <div className="field">
        <label htmlFor={`${id}-id`}>Rule id</label>
        <input
          id={`${id}-id`}
          value={value.id}
          onChange={(e) => set("id", e.target.value)}
          placeholder="publish-dead-letters"
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select
          id={`${id}-kind`}
          value={value.kind}
          onChange={(e) => {
            const next = kinds.find((k) => k.kind === e.target.value);
            onChange({
              ...value,
              kind: e.target.value,
              params: JSON.stringify(next?.example ?? {}),
            });
          }}
        >
          {kinds.map((k) => (
            <option key={k.kind} value={k.kind}>
              {k.kind}
            </option>
          ))}
        </select>
        {kind ? <small className="muted">{kind.description}</small> : null}
      </div>
      <div className="field wide">
        <label htmlFor={`${id}-params`}>Parameters (JSON)</label>
        <input
          id={`${id}-params`}
          value={value.params}
          onChange={(e) => set("params", e.target.value)}
          spellCheck={false}
          autoComplete="off"
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-for`}>For (seconds)</label>
        <input
          id={`${id}-for`}
          type="number"
          min={0}
          inputMode="numeric"
          value={value.for_seconds}
          onChange={(e) => set("for_seconds", e.target.value)}
        />
      </div>
      <div className="check">
        <input
          id={`${id}-enabled`}
          type="checkbox"
          checked={value.enabled}
          onChange={(e) => set("enabled", e.target.checked)}
        />
        <label htmlFor={`${id}-enabled`}>Enabled</label>
      </div>
      <div className="form-actions">
        <button type="submit" disabled={busy || value.id.trim() === ""}>
          Save rule
        </button>
      </div>
      {problem ? <ProblemMessage problem={problem} /> : null}
    </form>
  );
}
