import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import type { Metrics, PricedOperation } from "../../api/schemas";
import { formatClock, formatDuration, formatNumber, formatUsd } from "../../lib/format";
import type { ChartPoint } from "../../lib/series";
import { ChartFrame, COLOURS } from "./chart-frame";

const HEIGHT = 220;
const time = (t: number) => formatClock(new Date(t).toISOString());
const axis = { stroke: "var(--muted)", fontSize: 12 };

function TimeAxis() {
  return (
    <XAxis
      dataKey="t"
      type="number"
      scale="time"
      domain={["dataMin", "dataMax"]}
      tickFormatter={time}
      {...axis}
      minTickGap={40}
    />
  );
}

function peak(points: readonly ChartPoint[], pick: (p: ChartPoint) => number | null): number {
  return points.reduce((max, p) => Math.max(max, pick(p) ?? 0), 0);
}

export function ThroughputChart({ points }: { points: ChartPoint[] }) {
  return (
    <ChartFrame
      title="Events per second"
      summary={`Peak ${formatNumber(peak(points, (p) => p.events_per_s))} events per second entering the platform.`}
      testId="chart-throughput"
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={points}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <TimeAxis />
          <YAxis {...axis} width={48} allowDecimals />
          <Tooltip
            labelFormatter={(t) => time(Number(t))}
            formatter={(v) => formatNumber(Number(v))}
          />
          <Legend />
          <Line
            type="monotone"
            dataKey="events_per_s"
            name="events in / s"
            stroke={COLOURS.a}
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="deliveries_per_s"
            name="deliveries / s (all queues)"
            stroke={COLOURS.b}
            dot={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function LatencyChart({ points }: { points: ChartPoint[] }) {
  return (
    <ChartFrame
      title="Handler latency over time (ms)"
      summary={`Highest p99 in the window: ${formatDuration(peak(points, (p) => p.handler_p99))}.`}
      testId="chart-latency"
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <LineChart data={points}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <TimeAxis />
          <YAxis {...axis} width={48} />
          <Tooltip
            labelFormatter={(t) => time(Number(t))}
            formatter={(v) => formatDuration(Number(v))}
          />
          <Legend />
          <Line
            type="monotone"
            dataKey="handler_p50"
            name="p50"
            stroke={COLOURS.a}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="handler_p95"
            name="p95"
            stroke={COLOURS.warn}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="handler_p99"
            name="p99"
            stroke={COLOURS.bad}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function QueueLatencyChart({
  queues,
  which,
}: {
  queues: Metrics["queues"];
  which: "handler_ms" | "wait_ms";
}) {
  const data = Object.entries(queues).map(([queue, q]) => ({
    queue,
    p50: q[which].p50,
    p95: q[which].p95,
    p99: q[which].p99,
  }));
  const title =
    which === "handler_ms" ? "Handler latency by queue (ms)" : "Queue wait by queue (ms)";
  return (
    <ChartFrame
      title={title}
      summary={data
        .map((d) => `${d.queue}: p50 ${formatDuration(d.p50)}, p99 ${formatDuration(d.p99)}`)
        .join("; ")}
      testId={`chart-${which}`}
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis dataKey="queue" {...axis} interval={0} tick={{ fontSize: 11 }} />
          <YAxis {...axis} width={48} />
          <Tooltip formatter={(v) => formatDuration(Number(v))} />
          <Legend />
          <Bar dataKey="p50" fill={COLOURS.a} isAnimationActive={false} />
          <Bar dataKey="p95" fill={COLOURS.warn} isAnimationActive={false} />
          <Bar dataKey="p99" fill={COLOURS.bad} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

export function FailuresChart({ points }: { points: ChartPoint[] }) {
  const retried = points.reduce((s, p) => s + p.retried, 0);
  const dead = points.reduce((s, p) => s + p.dead_lettered, 0);
  return (
    <ChartFrame
      title="Retries and dead letters per 10 s"
      summary={`${retried} retries and ${dead} dead letters in the window.`}
      testId="chart-failures"
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={points}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <TimeAxis />
          <YAxis {...axis} width={48} allowDecimals={false} />
          <Tooltip labelFormatter={(t) => time(Number(t))} />
          <Legend />
          <Bar
            dataKey="retried"
            name="retried"
            stackId="f"
            fill={COLOURS.warn}
            isAnimationActive={false}
          />
          <Bar
            dataKey="dead_lettered"
            name="dead-lettered"
            stackId="f"
            fill={COLOURS.bad}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}

const OPERATION_LABELS: Record<PricedOperation, string> = {
  queue_operations: "queue operations",
  do_requests: "Durable Object requests",
  sqlite_rows_read: "SQLite rows read",
  sqlite_rows_written: "SQLite rows written",
  worker_requests: "Worker requests",
};

export function CostChart({ billing }: { billing: Metrics["billing"] }) {
  const data = (Object.keys(OPERATION_LABELS) as PricedOperation[]).map((op) => ({
    op: OPERATION_LABELS[op],
    usd: billing.usd_per_million_events[op] ?? 0,
  }));
  return (
    <ChartFrame
      title="$ per million events, by operation"
      summary={`${formatUsd(billing.usd_per_million_events.total)} per million events in all: ${data.map((d) => `${d.op} ${formatUsd(d.usd)}`).join(", ")}.`}
      testId="chart-cost"
    >
      <ResponsiveContainer width="100%" height={HEIGHT}>
        <BarChart data={data} layout="vertical" margin={{ left: 24 }}>
          <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
          <XAxis type="number" {...axis} tickFormatter={(v) => formatUsd(Number(v))} />
          <YAxis type="category" dataKey="op" {...axis} width={150} />
          <Tooltip formatter={(v) => formatUsd(Number(v))} />
          <Bar
            dataKey="usd"
            name="$ per million events"
            fill={COLOURS.a}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}
