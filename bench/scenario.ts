import { appliedLatencies, type Counters, sumCounters, waitForApplied } from "./collect";
import { type CostFigures, costBetween, type MeterReading, readMeter } from "./cost";
import { treeCpuSeconds } from "./cpu";
import { type SendReport, sendAtMaxRate, sendAtRate, type Target } from "./ingest";
import { type Percentiles, summarize } from "./stats";
import type { BenchEvent } from "./workload";
import { DashboardProbe } from "./ws-probe";

/** How one pipeline is reached over HTTP: where to ingest, read a log and read counters. */
export type Pipeline = {
  name: string;
  target: Target;
  pid: number;
  ingestPath: string;
  logPath: (tenant: string, before?: number) => string;
  statePath: (tenant: string) => string;
  readCounters: (body: unknown) => Counters;
  /** Prepares tenants before traffic (e.g. registers them). */
  prepare: (tenants: readonly string[]) => Promise<void>;
  /** Where its billable-operation meter is read, and how. */
  meterPath: string;
  pickMeter: (body: unknown) => MeterReading;
  /** WebSocket origin for the dashboard probe, when the pipeline has a dashboard. */
  wsOrigin?: string;
  wsToken?: string;
};

export type ScenarioResult = {
  pipeline: string;
  tenants: number;
  mode: string;
  sent: number;
  unique: number;
  duplicates_sent: number;
  applied: number;
  duplicates_skipped: number;
  lost: number;
  applied_twice: number;
  seconds: number;
  throughput: number;
  latency_ms: Percentiles;
  dashboard_latency_ms?: Percentiles;
  cpu_seconds_per_1000: number;
  /** Cloudflare-priced; absent for the self-hosted baseline. */
  cost?: CostFigures;
};

export async function runScenario(
  pipeline: Pipeline,
  tenants: readonly string[],
  events: BenchEvent[],
  unique: number,
  rate?: number,
): Promise<ScenarioResult> {
  await pipeline.prepare(tenants);
  const probe = pipeline.wsOrigin
    ? new DashboardProbe(pipeline.wsOrigin, pipeline.wsToken)
    : undefined;
  await probe?.watch(tenants.slice(0, 5));
  const meter = () => readMeter(pipeline.target, pipeline.meterPath, pipeline.pickMeter);
  const meterBefore = await meter();
  const cpuBefore = treeCpuSeconds(pipeline.pid);
  const target = { ...pipeline.target, path: pipeline.ingestPath };
  const report: SendReport = rate
    ? await sendAtRate(target, events, rate)
    : await sendAtMaxRate(target, events);
  const poll = () =>
    sumCounters(pipeline.target, tenants, pipeline.statePath, pipeline.readCounters);
  const counters = await waitForApplied(poll, unique);
  const cpuSeconds = treeCpuSeconds(pipeline.pid) - cpuBefore;
  probe?.close();
  // The meter is reported once per consumer batch, after it settles: give the last one a moment.
  await new Promise((r) => setTimeout(r, 1500));
  const meterAfter = await meter();

  const { latencies, lastApplied } = await appliedLatencies(
    pipeline.target,
    tenants,
    pipeline.logPath,
  );
  const seconds = (lastApplied - report.started) / 1000;
  const sentAt = new Map(events.map((e) => [e.event_id, Date.parse(e.timestamp)]));
  const dashboard = probe
    ? [...probe.seenAt].flatMap(([id, at]) => {
        const sent = sentAt.get(id);
        return sent === undefined ? [] : [at - sent];
      })
    : undefined;
  return {
    pipeline: pipeline.name,
    tenants: tenants.length,
    mode: rate ? `${rate}/s` : "max",
    sent: events.length,
    unique,
    duplicates_sent: events.length - unique,
    applied: counters.applied,
    duplicates_skipped: counters.duplicates,
    lost: Math.max(0, unique - counters.applied),
    applied_twice: Math.max(0, counters.applied - unique),
    seconds,
    throughput: counters.applied / seconds,
    latency_ms: summarize(latencies),
    ...(dashboard ? { dashboard_latency_ms: summarize(dashboard) } : {}),
    cpu_seconds_per_1000: (cpuSeconds / events.length) * 1000,
    cost: costBetween(meterBefore, meterAfter, events.length),
  };
}
