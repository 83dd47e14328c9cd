import { formatPercent } from "../lib/format";

/** A run's progress, 0–1, as a native progress bar with its percentage in words. */
export function ProgressBar({
  value,
  label,
  testId,
}: {
  /** 0–1; null while unknown (an indeterminate bar). */
  value: number | null;
  label: string;
  testId?: string;
}) {
  return (
    <span className="progress" data-testid={testId}>
      {value === null ? (
        <progress aria-label={label} />
      ) : (
        <progress aria-label={label} max={1} value={value} />
      )}
      <span className="progress-text">{value === null ? "…" : formatPercent(value)}</span>
    </span>
  );
}
