import {
  type BatchReport,
  emptyMeter,
  FEED_SIZE,
  type FeedEntry,
  type Meter,
  type MetricsFlush,
} from "../../events/batch-report";
import { OPS_AGENT_NAME, type TenantTotals } from "../../events/ops-state";
import { log } from "../log";
import { addMeter, mergeReport, mergeTotals } from "./merge";

/**
 * What this isolate has counted and not yet handed to the OpsAgent: consumer batch
 * reports merged per queue, billable operations of the ingest path, the newest
 * applied/duplicate totals of each tenant the fan-out delivered to, and feed entries.
 */
type Pending = {
  reports: Map<string, BatchReport>;
  meter: Meter;
  tenants: Map<string, TenantTotals>;
  /** Feed entries in arrival order; only the newest `FEED_SIZE` (the feed keeps no more). */
  feed: FeedEntry[];
  /** Requests refused for each tenant's quota (worker/auth/rate-limit.ts). */
  refusals: Map<string, number>;
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
    feed?: readonly FeedEntry[];
    /** A tenant whose request was refused for its quota. */
    refusedFor?: string;
  },
): Promise<void> {
  if (add.report) {
    const { tenants, feed, ...report } = add.report;
    if (tenants) mergeTotals(pending.tenants, tenants);
    if (feed) addFeed(feed);
    const same = pending.reports.get(report.queue);
    if (same) mergeReport(same, report);
    else pending.reports.set(report.queue, structuredClone(report));
  }
  if (add.meter) addMeter(pending.meter, add.meter);
  if (add.tenants) mergeTotals(pending.tenants, add.tenants);
  if (add.feed) addFeed(add.feed);
  if (add.refusedFor !== undefined) addRefusals([[add.refusedFor, 1]]);
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
    ...(taken.feed.length > 0 ? { feed: taken.feed } : {}),
    ...(taken.refusals.size > 0
      ? {
          quota_refusals: [...taken.refusals].map(([tenant_id, count]) => ({ tenant_id, count })),
        }
      : {}),
  };
  try {
    await env.OPS_AGENT.getByName(OPS_AGENT_NAME).recordMetrics(payload);
  } catch (error) {
    log({ level: "error", msg: "metrics not recorded yet", error: String(error) });
    // Back into the buffer, without scheduling: a flush scheduled from here would run
    // outside any request or batch, which the runtime may cancel, and `scheduled` would
    // then never clear. The next count, from a live request or batch, sends them.
    putBack(payload);
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

function putBack(payload: MetricsFlush): void {
  for (const report of payload.reports) {
    const same = pending.reports.get(report.queue);
    if (same) mergeReport(same, report);
    else pending.reports.set(report.queue, report);
  }
  addMeter(pending.meter, payload.meter);
  mergeTotals(pending.tenants, payload.tenants);
  addRefusals((payload.quota_refusals ?? []).map((r) => [r.tenant_id, r.count] as const));
  if (payload.feed) {
    const newer = pending.feed;
    pending.feed = [];
    addFeed([...payload.feed, ...newer]);
  }
}

function addRefusals(entries: Iterable<readonly [string, number]>): void {
  for (const [tenant, n] of entries)
    pending.refusals.set(tenant, (pending.refusals.get(tenant) ?? 0) + n);
}

function addFeed(entries: readonly FeedEntry[]): void {
  pending.feed.push(...entries);
  if (pending.feed.length > FEED_SIZE) pending.feed.splice(0, pending.feed.length - FEED_SIZE);
}

function empty(): Pending {
  return {
    reports: new Map(),
    meter: emptyMeter(),
    tenants: new Map(),
    feed: [],
    refusals: new Map(),
  };
}
