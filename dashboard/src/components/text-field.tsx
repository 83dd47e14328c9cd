import { useId } from "react";

type Props = {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  /** Messages from the server for this field; marks the input invalid. */
  errors?: string[];
};

/** A labelled text input with its hint and errors wired for screen readers. */
export function TextField({ name, label, value, onChange, hint, errors = [] }: Props) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, errors.length > 0 ? errorId : null]
    .filter((part) => part !== null)
    .join(" ");
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        required
        autoComplete="off"
        spellCheck={false}
        aria-invalid={errors.length > 0}
        aria-describedby={describedBy || undefined}
      />
      {hint ? (
        <small id={hintId} className="hint">
          {hint}
        </small>
      ) : null}
      {errors.length > 0 ? (
        <small id={errorId} className="field-error">
          {errors.join("; ")}
        </small>
      ) : null}
    </div>
  );
}
