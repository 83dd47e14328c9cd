import type { ReactNode } from "react";

/**
 * A chart with its title and, for screen readers, a sentence saying what it shows (the
 * drawing itself is hidden from them; recharts' keyboard tooltips stay usable).
 */
export function ChartFrame({
  title,
  summary,
  children,
  testId,
}: {
  title: string;
  summary: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>
        <span className="chart-title">{title}</span>
        <span className="visually-hidden">{summary}</span>
      </figcaption>
      <div className="chart-body">{children}</div>
    </figure>
  );
}

/** Series colours: the page's own palette, so dark mode follows. */
export const COLOURS = {
  a: "var(--accent)",
  b: "var(--chart-2)",
  c: "var(--chart-3)",
  bad: "var(--bad)",
  warn: "var(--warn)",
} as const;
