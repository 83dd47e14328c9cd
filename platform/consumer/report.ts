import type { FeedEntry } from "../../events/batch-report";
import {
  type BatchReport,
  emptyMeter,
  type HistogramSums,
  type Meter,
  type QueueCounterName,
  type QueueCounters,
} from "../../events/batch-report";
import type { Histogram } from "../../events/histogram";
import type { TenantTotals } from "../../events/ops-state";
import type { SqlUsage } from "../sqlite/sql-meter";

/**
 * Collects what one batch reports: the billable operations handlers cause (Durable
 * Object calls, SQLite rows), rule hits, and counters owed to other queues. The metrics
 * middleware adds the queue's own counters and histograms and flushes it once.
 */
export class ReportBuilder {
  readonly meter: Meter = emptyMeter();
  private readonly ruleHits = new Map<string, number>();
  private readonly elsewhere: BatchReport["elsewhere"] = [];
  private readonly tenants: TenantTotals[] = [];
  private readonly feedEntries: FeedEntry[] = [];

  /** Counts Durable Object requests (each RPC call is one). */
  doRequests(count = 1): void {
    this.meter.do_requests += count;
  }

  /** Adds SQLite rows an agent call reported. */
  sqlite(usage: SqlUsage): void {
    this.meter.sqlite_rows_read += usage.rows_read;
    this.meter.sqlite_rows_written += usage.rows_written;
  }

  /** A tenant's totals as its agent answered (passed on to the OpsAgent's tenant list). */
  tenantTotals(totals: TenantTotals): void {
    this.tenants.push(totals);
  }

  /** Entries for the operator's live feed (they travel with the metrics). */
  feed(entries: readonly FeedEntry[]): void {
    this.feedEntries.push(...entries);
  }

  hitRule(rule: string, hits = 1): void {
    this.ruleHits.set(rule, (this.ruleHits.get(rule) ?? 0) + hits);
  }

  /** Adds to another queue's counter (a dead-letter consumer counts its source queue's letters). */
  countFor(queue: string, name: QueueCounterName, by = 1): void {
    const existing = this.elsewhere.find((e) => e.queue === queue && e.name === name);
    if (existing) existing.by += by;
    else this.elsewhere.push({ queue, name, by });
  }

  build(
    queue: string,
    counters: QueueCounters,
    handler_ms: Histogram,
    wait_ms: Histogram,
    sum_ms?: HistogramSums,
  ): BatchReport {
    return {
      queue,
      counters,
      elsewhere: this.elsewhere,
      handler_ms,
      wait_ms,
      ...(sum_ms ? { sum_ms } : {}),
      meter: this.meter,
      rule_hits: [...this.ruleHits].map(([rule, hits]) => ({ rule, hits })),
      ...(this.tenants.length > 0 ? { tenants: this.tenants } : {}),
      ...(this.feedEntries.length > 0 ? { feed: this.feedEntries } : {}),
    };
  }
}
