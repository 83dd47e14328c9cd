import type { BatchReport, Meter } from "../../events/batch-report";
import type { TenantTotals, TenantUsage } from "../../events/ops-state";

/** Adds `b`'s counts into `a` (same queue); both are batch reports of the consumer pipeline. */
export function mergeReport(a: BatchReport, b: BatchReport): void {
  for (const name of Object.keys(a.counters) as (keyof BatchReport["counters"])[]) {
    a.counters[name] += b.counters[name];
  }
  for (const e of b.elsewhere) {
    const same = a.elsewhere.find((x) => x.queue === e.queue && x.name === e.name);
    if (same) same.by += e.by;
    else a.elsewhere.push({ ...e });
  }
  addInto(a.handler_ms, b.handler_ms);
  addInto(a.wait_ms, b.wait_ms);
  if (b.sum_ms) {
    const sums = a.sum_ms ?? { handler_ms: 0, wait_ms: 0 };
    sums.handler_ms += b.sum_ms.handler_ms;
    sums.wait_ms += b.sum_ms.wait_ms;
    a.sum_ms = sums;
  }
  addMeter(a.meter, b.meter);
  for (const hit of b.rule_hits) {
    const same = a.rule_hits.find((x) => x.rule === hit.rule);
    if (same) same.hits += hit.hits;
    else a.rule_hits.push({ ...hit });
  }
}

export function addMeter(a: Meter, b: Partial<Meter>): void {
  for (const name of Object.keys(a) as (keyof Meter)[]) a[name] += b[name] ?? 0;
}

/**
 * Keeps the newest totals per tenant (counters only grow, so the larger value is newer)
 * and sums their usage, which is reported as what happened since the previous report.
 */
export function mergeTotals(
  into: Map<string, TenantTotals>,
  totals: readonly TenantTotals[],
): void {
  for (const t of totals) {
    const known = into.get(t.tenant_id);
    const usage = addUsage(known?.usage, t.usage);
    into.set(t.tenant_id, {
      tenant_id: t.tenant_id,
      applied: Math.max(known?.applied ?? 0, t.applied),
      duplicates: Math.max(known?.duplicates ?? 0, t.duplicates),
      ...(usage ? { usage } : {}),
    });
  }
}

function addInto(a: number[], b: readonly number[]): void {
  b.forEach((count, i) => {
    a[i] = (a[i] ?? 0) + count;
  });
}

/** Sums two usages of one tenant (either may be missing). */
export function addUsage(a?: TenantUsage, b?: TenantUsage): TenantUsage | undefined {
  if (!a || !b) return a ?? b;
  return {
    do_requests: a.do_requests + b.do_requests,
    sqlite_rows_read: a.sqlite_rows_read + b.sqlite_rows_read,
    sqlite_rows_written: a.sqlite_rows_written + b.sqlite_rows_written,
  };
}
