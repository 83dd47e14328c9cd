import type { FloorReport } from "./floor/run";
import type { Plan } from "./plan";
import type { ScenarioResult } from "./scenario";
import { round, type Spread, spread } from "./stats";

/** A run as recorded: its scenario, its round, and how long it took from registration to check. */
export type Recorded = ScenarioResult & { scenario: string; round: number; wall_seconds: number };

/** One scenario of one pipeline over its rounds: medians and spreads. */
export type Summary = {
  pipeline: string;
  scenario: string;
  tenants: number;
  mode: string;
  runs: number;
  throughput: Spread;
  p50_ms: Spread;
  p99_ms: Spread;
  cpu_seconds_per_1000: Spread;
  usd_per_million: Spread | null;
  do_requests_per_event: Spread | null;
  lost: number;
  applied_twice: number;
  completed: boolean;
};

export function summarizeRuns(results: readonly Recorded[]): Summary[] {
  const groups = new Map<string, Recorded[]>();
  for (const r of results) {
    const key = `${r.pipeline}|${r.scenario}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((runs) => {
    const first = runs[0] as Recorded;
    const priced = runs.every((r) => r.cost);
    return {
      pipeline: first.pipeline,
      scenario: first.scenario,
      tenants: first.tenants,
      mode: first.mode,
      runs: runs.length,
      throughput: spread(runs.map((r) => r.throughput)),
      p50_ms: spread(runs.map((r) => r.latency_ms.p50)),
      p99_ms: spread(runs.map((r) => r.latency_ms.p99)),
      cpu_seconds_per_1000: spread(runs.map((r) => r.cpu_seconds_per_1000)),
      usd_per_million: priced
        ? spread(runs.map((r) => r.cost?.usd_per_million_events ?? Number.NaN))
        : null,
      do_requests_per_event: priced
        ? spread(runs.map((r) => r.cost?.per_event.do_requests ?? Number.NaN))
        : null,
      lost: runs.reduce((sum, r) => sum + r.lost, 0),
      applied_twice: runs.reduce((sum, r) => sum + r.applied_twice, 0),
      completed: runs.every((r) => r.completed),
    };
  });
}

const n = (value: number, digits = 0) => String(round(value, digits));
/** "1190" for one run, "1190 (1100–1250)" for several. */
const show = (s: Spread, digits = 0) =>
  s.min === s.max
    ? n(s.median, digits)
    : `${n(s.median, digits)} (${n(s.min, digits)}–${n(s.max, digits)})`;

/** One run, as it finishes. */
export function runLine(r: Recorded): string {
  const dash = r.dashboard_latency_ms?.n ? ` dash p50 ${n(r.dashboard_latency_ms.p50)} ms` : "";
  const cost = r.cost ? `$${n(r.cost.usd_per_million_events, 2)}/M` : "self-hosted";
  const done = `${r.completed ? "" : "  NOT COMPLETE"}  (${n(r.wall_seconds)} s)`;
  return `  ${r.pipeline.padEnd(15)} ${String(r.tenants).padStart(5)} tenants ${r.mode.padEnd(7)} ${n(r.throughput).padStart(6)} ev/s  p50 ${n(r.latency_ms.p50)} p95 ${n(r.latency_ms.p95)} p99 ${n(r.latency_ms.p99)} ms${dash}  cpu ${n(r.cpu_seconds_per_1000, 3)} s/1k  ${cost}  lost ${r.lost} twice ${r.applied_twice}${done}`;
}

/** A scenario over its rounds: median (min–max). */
export function summaryLine(s: Summary): string {
  const cost = s.usd_per_million ? `$${show(s.usd_per_million, 2)}/M` : "self-hosted";
  return `  ${s.pipeline.padEnd(15)} ${s.scenario.padEnd(12)} ${show(s.throughput)} ev/s  p50 ${show(s.p50_ms)} p99 ${show(s.p99_ms)} ms  cpu ${show(s.cpu_seconds_per_1000, 3)} s/1k  ${cost}`;
}

/** The headline ratios, from the medians; null when a side was not run. */
export function ratios(
  summaries: readonly Summary[],
  plan: Plan,
  floor?: FloorReport,
): Record<string, number | null> {
  const find = (pipeline: string, scenario: string) =>
    summaries.find((s) => s.pipeline === pipeline && s.scenario === scenario);
  const max = `max ${plan.tenants}`;
  const sb = find("switchboard", max);
  const fair = find("fair-baseline", max);
  const naive = find("naive", max);
  const bare = summaries
    .filter((s) => s.pipeline.startsWith("bare-bullmq"))
    .sort((a, b) => b.throughput.median - a.throughput.median)[0];
  const ratio = (a?: number, b?: number) =>
    a !== undefined && b !== undefined && Number.isFinite(a / b) && b > 0 ? round(a / b, 2) : null;
  const p99 = (pipeline: string, rate: number) =>
    orNull(find(pipeline, `rate ${rate}/s`)?.p99_ms.median);
  const scale = (tenants: number) => find("switchboard", `scale ${tenants}`);
  const costs = summaries
    .filter((s) => s.pipeline === "switchboard" && s.scenario.startsWith("scale "))
    .map((s) => s.usd_per_million?.median ?? Number.NaN)
    .filter(Number.isFinite);
  // Thread time per metered Durable Object request: 1 / throughput / requests per event.
  const doPerEvent = sb?.do_requests_per_event?.median;
  const usPerCall = sb && doPerEvent ? 1e6 / (sb.throughput.median * doPerEvent) : undefined;
  return {
    "throughput switchboard / fair baseline": ratio(sb?.throughput.median, fair?.throughput.median),
    "throughput switchboard / naive": ratio(sb?.throughput.median, naive?.throughput.median),
    "throughput switchboard / best bare BullMQ": ratio(
      sb?.throughput.median,
      bare?.throughput.median,
    ),
    "$ per million events switchboard / naive": ratio(
      sb?.usd_per_million?.median,
      naive?.usd_per_million?.median,
    ),
    "p99 ms switchboard at 500/s": p99("switchboard", 500),
    "p99 ms fair baseline at 500/s": p99("fair-baseline", 500),
    "p99 ms switchboard at 2,000/s": p99("switchboard", 2000),
    "p99 ms fair baseline at 2,000/s": p99("fair-baseline", 2000),
    "throughput 1,000 / 10 tenants": ratio(
      scale(1000)?.throughput.median,
      scale(10)?.throughput.median,
    ),
    "$ per million events at 100 tenants": orNull(scale(100)?.usd_per_million?.median, 2),
    "$ per million events at 1,000 tenants": orNull(scale(1000)?.usd_per_million?.median, 2),
    "cost spread over the scale (max/min)": ratio(Math.max(...costs), Math.min(...costs)),
    floor_us_per_call: orNull(floor?.floor_us_per_call),
    "thread µs per metered DO request (switchboard)": orNull(usPerCall),
    "ratio to the per-call floor": ratio(usPerCall, floor?.floor_us_per_call),
  };
}

function orNull(value: number | undefined, digits = 0): number | null {
  return value !== undefined && Number.isFinite(value) ? round(value, digits) : null;
}
