import {
  type BatchReport,
  emptyMeter,
  type Meter,
  type MetricsFlush,
} from "../../agents/ops/metrics";
import type { TenantTotals } from "../../agents/ops-state";
import { opsAgent } from "../agent-stubs";
import { addMeter, mergeReport, mergeTotals } from "./merge";

/**
 * What this isolate has counted and not yet handed to the OpsAgent: consumer batch
 * reports merged per queue, billable operations of the ingest path, and the newest
 * applied/duplicate totals of each tenant the fan-out delivered to.
 */
type Pending = {
  reports: Map<string, BatchReport>;
  meter: Meter;
  tenants: Map<string, TenantTotals>;
};

let pending: Pending = empty();
let scheduled: Promise<void> | null = null;
let lastFlushAt = 0;

/**
 * Counts into the isolate's buffer and makes sure a flush is on its way: the first count
 * after a flush schedules the next one `intervalMs` after the previous (default 1 s),
 * through `waitUntil` so no request or batch waits for it. However many batches and
 * requests an isolate serves, the OpsAgent gets at most one metrics call a second from
 * it. A failed flush puts its counts back for the next one: nothing is dropped.
 */
export function count(
  env: Env,
  exec: Pick<ExecutionContext, "waitUntil"> | undefined,
  add: {
    report?: BatchReport;
    meter?: Partial<Meter>;
    tenants?: readonly TenantTotals[];
  },
): Promise<void> {
  if (add.report) {
    const { tenants, ...report } = add.report;
    if (tenants) mergeTotals(pending.tenants, tenants);
    const same = pending.reports.get(report.queue);
    if (same) mergeReport(same, report);
    else pending.reports.set(report.queue, structuredClone(report));
  }
  if (add.meter) addMeter(pending.meter, add.meter);
  if (add.tenants) mergeTotals(pending.tenants, add.tenants);
  if (!scheduled) {
    const wait = Math.max(0, lastFlushAt + flushIntervalMs(env) - Date.now());
    scheduled = delay(wait).then(() => flush(env));
  }
  exec?.waitUntil(scheduled);
  return scheduled;
}

async function flush(env: Env): Promise<void> {
  const taken = pending;
  pending = empty();
  scheduled = null;
  lastFlushAt = Date.now();
  // This call is a billable Durable Object request too.
  taken.meter.do_requests += 1;
  const payload: MetricsFlush = {
    reports: [...taken.reports.values()],
    meter: taken.meter,
    tenants: [...taken.tenants.values()],
  };
  try {
    await opsAgent(env).recordMetrics(payload);
  } catch (error) {
    console.error(
      JSON.stringify({ level: "error", msg: "metrics not recorded yet", error: String(error) }),
    );
    // Back into the buffer: the next count (or this retry) sends them again.
    for (const report of payload.reports) count(env, undefined, { report });
    void count(env, undefined, { meter: payload.meter, tenants: payload.tenants });
  }
}

/** `METRICS_FLUSH_MS` (tests set 0 to see each batch's counts at once); 1 s by default. */
function flushIntervalMs(env: Env): number {
  const configured = Number(env.METRICS_FLUSH_MS);
  return Number.isFinite(configured) && configured >= 0 ? configured : 1000;
}

function delay(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

function empty(): Pending {
  return { reports: new Map(), meter: emptyMeter(), tenants: new Map() };
}
