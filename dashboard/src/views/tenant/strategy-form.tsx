import { Cron } from "croner";
import { type ReactNode, useId } from "react";
import { cronProblem } from "../../../../events/strategy";
import { formatDateTime } from "../../lib/format";
import {
  FIELD_LABELS,
  type FieldErrors,
  type StrategyDraft,
  type StrategyField,
} from "../../lib/strategy-form";

type Props = {
  draft: StrategyDraft;
  errors: FieldErrors;
  onChange: (draft: StrategyDraft) => void;
  disabled?: boolean;
};

/** A labelled control with its hint and errors wired for screen readers. */
function Field({
  field,
  hint,
  errors,
  children,
}: {
  field: StrategyField;
  hint?: ReactNode;
  errors: string[] | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const invalid = (errors?.length ?? 0) > 0;
  const describedBy = [hint ? hintId : null, invalid ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="field" data-field={field}>
      <label htmlFor={id}>{FIELD_LABELS[field]}</label>
      {children({ id, describedBy: describedBy || undefined, invalid })}
      {hint ? (
        <small id={hintId} className="hint">
          {hint}
        </small>
      ) : null}
      {invalid ? (
        <small id={errorId} className="field-error" data-testid={`error-${field}`}>
          {errors?.join("; ")}
        </small>
      ) : null}
    </div>
  );
}

/** The next times a cron fires, or nothing when it cannot be read. */
function nextRuns(cron: string): string[] {
  if (cronProblem(cron) !== undefined) return [];
  try {
    return new Cron(cron.trim(), { mode: "5-part", timezone: "UTC", paused: true })
      .nextRuns(3)
      .map((d) => formatDateTime(d.toISOString()));
  } catch {
    // cronProblem accepted it; croner refusing now would be a croner quirk: show nothing.
    return [];
  }
}

const NUMBER_HINTS: Partial<Record<StrategyField, string>> = {
  research_interval_days: "0 = research every cycle",
  max_difficulty: "keep keywords whose difficulty (0–100) is below this",
  min_volume: "keep keywords searched more often than this a month",
  max_articles_per_cycle: "0–20 articles started from one research result",
  max_active_runs: "1–50 content runs under way at once",
  max_runs_per_day: "0–500 content runs started a day, refreshes included",
  performance_check_days: "0–365; 0 = every cycle",
  refresh_min_clicks: "a page with fewer clicks over its report's period is rewritten",
  refresh_max_position: "1–100: a page ranking worse (higher) than this is rewritten",
  refresh_check_after_days: "0–365 days after a page was last published before it is judged",
  refresh_max_per_week: "0–50 rewrites started in any 7 days; 0 = never",
};

/**
 * Every strategy field as a form control. Checking happens outside (`checkDraft`, with
 * the agent's own schema); this shows the result next to each field.
 */
export function StrategyForm({ draft, errors, onChange, disabled = false }: Props) {
  const set = <K extends keyof StrategyDraft>(field: K, value: StrategyDraft[K]) =>
    onChange({ ...draft, [field]: value });
  const runs = nextRuns(draft.cycle_cron);

  const numberField = (field: (typeof NUMBER_ORDER)[number]) => (
    <Field key={field} field={field} hint={NUMBER_HINTS[field]} errors={errors[field]}>
      {({ id, describedBy, invalid }) => (
        <input
          id={id}
          name={field}
          type="number"
          inputMode="numeric"
          value={draft[field]}
          onChange={(e) => set(field, e.target.value)}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          disabled={disabled}
        />
      )}
    </Field>
  );

  return (
    <fieldset className="strategy-form" disabled={disabled}>
      <legend className="visually-hidden">Strategy</legend>
      <Field
        field="cycle_cron"
        errors={errors.cycle_cron}
        hint={
          runs.length > 0
            ? `next: ${runs.join(" · ")}`
            : "minute hour day month weekday, e.g. 0 6 * * *"
        }
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            name="cycle_cron"
            value={draft.cycle_cron}
            onChange={(e) => set("cycle_cron", e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      <Field field="seed_keywords" errors={errors.seed_keywords} hint="one per line, at most 50">
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            name="seed_keywords"
            rows={6}
            value={draft.seed_keywords}
            onChange={(e) => set("seed_keywords", e.target.value)}
            spellCheck={false}
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      <div className="field-grid">{NUMBER_ORDER.map(numberField)}</div>
      <Field
        field="template"
        errors={errors.template}
        hint="a lowercase slug, e.g. guide or how-to"
      >
        {({ id, describedBy, invalid }) => (
          <input
            id={id}
            name="template"
            value={draft.template}
            onChange={(e) => set("template", e.target.value)}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={invalid}
            aria-describedby={describedBy}
          />
        )}
      </Field>
      <div className="checks">
        <Check
          label={FIELD_LABELS.require_approval}
          checked={draft.require_approval}
          onChange={(v) => set("require_approval", v)}
          name="require_approval"
        />
        <Check
          label={FIELD_LABELS.social_enabled}
          checked={draft.social_enabled}
          onChange={(v) => set("social_enabled", v)}
          name="social_enabled"
        />
      </div>
    </fieldset>
  );
}

const NUMBER_ORDER = [
  "max_difficulty",
  "min_volume",
  "max_articles_per_cycle",
  "max_active_runs",
  "max_runs_per_day",
  "research_interval_days",
  "performance_check_days",
  "refresh_min_clicks",
  "refresh_max_position",
  "refresh_check_after_days",
  "refresh_max_per_week",
] as const;

function Check({
  label,
  checked,
  onChange,
  name,
}: {
  label: string;
  checked: boolean;
  onChange: (value: boolean) => void;
  name: string;
}) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        name={name}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}
