import type { ReactNode } from "react";

/** One headline number with its label and an optional line under it. */
export function Stat({
  label,
  value,
  note,
  testId,
  tone,
}: {
  label: string;
  value: ReactNode;
  note?: ReactNode;
  testId?: string;
  /** "bad" draws attention (dead letters waiting, errors). */
  tone?: "bad" | "ok";
}) {
  return (
    <div className="stat" data-tone={tone}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value" data-testid={testId}>
          {value}
        </span>
        {note ? <span className="stat-note">{note}</span> : null}
      </dd>
    </div>
  );
}
