import { checkLogs } from "./collect";
import { type Reading, settleMeter, waitQuiet, waitSettled } from "./completion";
import { type CostFigures, costBetween } from "./cost";
import { treeCpuSeconds } from "./cpu";
import { type SendReport, sendAtMaxRate, sendAtRate } from "./ingest";
import type { Pipeline } from "./pipelines";
import { type Percentiles, summarize } from "./stats";
import { type BenchEvent, primerEvents, type Workload } from "./workload";
import { DashboardProbe } from "./ws-probe";

export type ScenarioResult = {
  pipeline: string;
  tenants: number;
  mode: string;
  sent: number;
  unique: number;
  duplicates_sent: number;
  /** Whether every envelope sent was settled before the failure bounds. */
  completed: boolean;
  /** Unique bench event ids applied (found in the logs). */
  applied: number;
  /** Envelopes settled by the consumer (acked or dead-lettered): the completion signal. */
  settled: number;
  /** Settled as already applied: the redeliveries sent, plus any the queue retried itself. */
  duplicates_skipped: number;
  /** Deliveries the queue retried after a failure, when the pipeline counts them. */
  retried?: number;
  lost: number;
  applied_twice: number;
  /** Log entries that were not bench events (0 when the tenants stay quiet). */
  foreign_logged: number;
  seconds: number;
  throughput: number;
  latency_ms: Percentiles;
  dashboard_latency_ms?: Percentiles;
  cpu_seconds_per_1000: number;
  /** Cloudflare-priced; absent for the self-hosted baselines. */
  cost?: CostFigures;
  /** Whether the meter's last two readings agreed (else the cost may miss a late report). */
  meter_steady?: boolean;
  /** How long the primer took (one event per tenant, right before the clock started). */
  primer_seconds?: number;
  /** Aggregate polls the completion wait made (each one request). */
  completion_polls?: number;
};

const cpuOf = (pids: readonly number[]) => pids.reduce((sum, pid) => sum + treeCpuSeconds(pid), 0);

/**
 * One scenario: register the tenants, let their setup settle, open the dashboard probe,
 * prime every tenant, then send; wait for the positive signal that every envelope was
 * settled; read the meter once it covers the scenario; and check every event id in the
 * tenants' logs.
 */
export async function runScenario(
  pipeline: Pipeline,
  workload: Workload,
  rate?: number,
): Promise<ScenarioResult> {
  const { tenants, events, unique } = workload;
  const target = { ...pipeline.target, path: pipeline.ingestPath };
  await pipeline.prepare(tenants);
  if (pipeline.settleMs !== undefined && !(await waitQuiet(pipeline.read, pipeline.settleMs)))
    console.error("  the pipeline did not go quiet after registration; counting anyway");
  const probe = pipeline.wsOrigin
    ? new DashboardProbe(pipeline.wsOrigin, pipeline.wsToken)
    : undefined;
  await probe?.watch(tenants.slice(0, 5));

  // The primer wakes every tenant right before the clock; its settled reading is `before`.
  // Twice: with many tenants one pass takes longer than the local runtime keeps an idle
  // agent (about 10 s), so the tenants it woke first are asleep again by its end; the
  // second pass, over awake agents and those few, ends seconds before the clock starts.
  const primers: BenchEvent[] = [];
  const primerStarted = Date.now();
  let before = await pipeline.read();
  for (let pass = 0; pass < 2; pass++) {
    const wave = primerEvents(tenants);
    primers.push(...wave);
    await sendAtMaxRate(target, wave);
    const primed = await waitSettled(pipeline.read, before, wave.length, { pollMs: 250 });
    if (!primed.completed) throw new Error(`the primer of ${tenants.length} events never settled`);
    before = primed.reading;
  }
  const primerSeconds = (Date.now() - primerStarted) / 1000;

  const cpuBefore = cpuOf(pipeline.pids);
  const report: SendReport = rate
    ? await sendAtRate(target, events, rate)
    : await sendAtMaxRate(target, events);
  const done = await waitSettled(pipeline.read, before, events.length);
  const cpuSeconds = cpuOf(pipeline.pids) - cpuBefore;
  probe?.close();
  if (!done.completed)
    console.error(
      `  ${pipeline.name}: only ${done.reading.settled - before.settled} of ${events.length} envelopes settled`,
    );
  if (report.failures > 0) console.error(`  ${report.failures} ingest requests failed`);
  const meter = before.meter
    ? await settleMeter(pipeline.read, before, done.reading, events.length)
    : undefined;
  const check = await checkLogs(pipeline.target, tenants, pipeline.logPath, events, primers);

  const seconds = (check.lastApplied - report.started) / 1000;
  return {
    pipeline: pipeline.name,
    tenants: tenants.length,
    mode: rate ? `${rate}/s` : "max",
    sent: events.length,
    unique,
    duplicates_sent: events.length - unique,
    completed: done.completed,
    applied: check.applied,
    settled: done.reading.settled - before.settled,
    duplicates_skipped: done.reading.duplicates - before.duplicates,
    ...(before.retried !== undefined
      ? { retried: (done.reading.retried ?? 0) - before.retried }
      : {}),
    lost: check.lost,
    applied_twice: check.applied_twice,
    foreign_logged: check.foreign,
    seconds,
    throughput: check.applied / seconds,
    latency_ms: summarize(check.latencies),
    ...(probe ? { dashboard_latency_ms: dashboardLatency(probe, workload) } : {}),
    cpu_seconds_per_1000: (cpuSeconds / events.length) * 1000,
    ...(meter ? costFields(before, meter.reading, events.length, meter.steady) : {}),
    primer_seconds: primerSeconds,
    completion_polls: done.polls,
  };
}

function costFields(before: Reading, after: Reading, events: number, steady: boolean) {
  if (!before.meter || !after.meter) return {};
  return { cost: costBetween(before.meter, after.meter, events), meter_steady: steady };
}

function dashboardLatency(probe: DashboardProbe, workload: Workload): Percentiles {
  // The first send of each id: a redelivery's later timestamp would shorten the figure.
  const sentAt = new Map<string, number>();
  for (const e of workload.events)
    if (!sentAt.has(e.event_id)) sentAt.set(e.event_id, Date.parse(e.timestamp));
  return summarize(
    [...probe.seenAt].flatMap(([id, at]) => {
      const sent = sentAt.get(id);
      return sent === undefined ? [] : [at - sent];
    }),
  );
}
