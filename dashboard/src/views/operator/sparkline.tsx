import { Area, AreaChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { formatClock, formatNumber } from "../../lib/format";
import type { ChartPoint } from "../../lib/series";

type Props = {
  points: readonly ChartPoint[];
  /** Which value to draw. */
  value: (point: ChartPoint) => number;
  /** What it is, for the label and screen readers: "Events per second". */
  label: string;
  tone: "accent" | "bad";
  testId?: string;
};

/**
 * A small area chart of one metric over the window, with its latest complete value in
 * words for screen readers (the chart itself is decoration to them).
 */
export function Sparkline({ points, value, label, tone, testId }: Props) {
  const data = points.map((p) => ({ t: p.t, v: value(p) }));
  const latest = data.length >= 2 ? data[data.length - 2]?.v : data[0]?.v;
  const peak = data.reduce((max, p) => Math.max(max, p.v), 0);
  const colour = tone === "bad" ? "var(--bad)" : "var(--accent)";
  return (
    <figure className="sparkline" data-testid={testId}>
      <figcaption>
        <span>{label}</span>
        <span className="sparkline-now">
          {formatNumber(latest ?? 0)}
          <span className="muted"> now · peak {formatNumber(peak)}</span>
        </span>
      </figcaption>
      <div className="sparkline-chart" aria-hidden="true">
        <ResponsiveContainer width="100%" height={56}>
          <AreaChart data={data} margin={{ top: 4, right: 0, bottom: 0, left: 0 }}>
            <XAxis dataKey="t" hide type="number" domain={["dataMin", "dataMax"]} />
            <YAxis hide domain={[0, "auto"]} />
            <Tooltip
              labelFormatter={(t) => formatClock(new Date(Number(t)).toISOString())}
              formatter={(v) => [formatNumber(Number(v)), label]}
            />
            <Area
              type="monotone"
              dataKey="v"
              stroke={colour}
              fill={colour}
              fillOpacity={0.15}
              strokeWidth={1.5}
              isAnimationActive={false}
            />
          </AreaChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}
