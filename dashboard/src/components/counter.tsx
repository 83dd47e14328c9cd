/** One live number on a tenant card; an em dash until the agent has sent its state. */
export function Counter({
  label,
  value,
  testId,
}: {
  label: string;
  value: number | undefined;
  testId: string;
}) {
  return (
    <div className="counter">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? "—"}</dd>
    </div>
  );
}
