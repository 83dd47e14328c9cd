import {
  type BatchReport,
  emptyMeter,
  type FeedEntry,
  type MetricsFlush,
} from "../../events/batch-report";
import { log } from "../../platform/log";
import { meterSql, type SqlUsage } from "../../platform/sqlite/sql-meter";
import { OpsAgentTenants } from "./agent-tenants";
import { judgeFlushBudgets } from "./budgets";
import { ALL_SCOPE, type DeadLetterCounts, readCounts, scopeOf } from "./dead-letter-counts";
import { DEAD_LETTER_PRUNE_CRON } from "./dead-letter-policy";
import {
  type DeadLetter,
  type DeadLetterFilter,
  type DeadLetterInput,
  type DeadLetterPosition,
  type DeadLetterStoreResult,
  deleteDeadLetter,
  listDeadLetters,
  pruneDeadLetters,
  type RefusedLetter,
  removeRedriven,
  selectForRedrive,
  storeDeadLetter,
} from "./dead-letters";
import { appendToFeed, readFeed } from "./feed";
import { findLetter, type LetterHit } from "./letter-lookup";
import {
  addToMeter,
  type MetricsSnapshot,
  readMetrics,
  readRouteHits,
  recordReport,
  usageToMeter,
} from "./metrics";
import { recordQuotaRefusals } from "./quota-refusals";
import { readSeries, recordSeries, type SeriesRow } from "./series";
import { mergeTotals } from "./summaries";
import { readTenantRollup, type TenantRollup } from "./tenant-rollup";

/**
 * The operator agent's metrics (consumer batches, flushes, the meter, the scrape, the
 * series, route hits), the live feed of platform events and the dead-letter store.
 */
export abstract class OpsAgentMetrics extends OpsAgentTenants {
  /** Adds one consumer batch's metrics, billable operations and rule hits (one report). */
  async recordConsumerBatch(report: BatchReport): Promise<void> {
    this.outage.refuse();
    await this.recordMetrics({ reports: [report], meter: emptyMeter(), tenants: [] });
  }

  /**
   * What one Worker isolate counted since its last flush (at most one call a second from
   * each): consumer batch reports merged per queue, the ingest path's billable
   * operations, and the applied/duplicate totals of the tenants the fan-out reached (one
   * pending row, folded into the summaries about once a minute). One transaction; the
   * rows it reads and writes are metered too. Only a test passes the time.
   */
  async recordMetrics(flush: MetricsFlush, nowMs = Date.now()): Promise<void> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const now = new Date(nowMs);
    const at = now.toISOString();
    let tenantsChanged = 0;
    let feedAdded = 0;
    let budgetsChanged = 0;
    this.ctx.storage.transactionSync(() => {
      for (const report of flush.reports) {
        recordReport(sql, report, at);
        recordSeries(sql, report, now.getTime());
      }
      tenantsChanged = mergeTotals(sql, flush.tenants, now);
      budgetsChanged = judgeFlushBudgets(sql, flush.tenants, now.getTime());
      if (flush.quota_refusals) recordQuotaRefusals(sql, flush.quota_refusals, now.getTime());
      addToMeter(sql, flush.meter);
      if (flush.feed) feedAdded = appendToFeed(sql, flush.feed, at);
      // Everything this object did since the last flush: this flush, summaries, the
      // registry, schedules and alarms (what this adds is counted at the next flush).
      const own = this.meter.take();
      addToMeter(sql, { ...usageToMeter(own), do_requests: own.alarms });
    });
    await this.schedule(1, "publishMetrics", undefined, { idempotent: true });
    if (tenantsChanged > 0) await this.schedule(1, "publishLive", undefined, { idempotent: true });
    if (budgetsChanged > 0)
      await this.schedule(0, "syncBudgetHolds", undefined, { idempotent: true });
    if (feedAdded > 0) this.publish({});
  }

  /** Tells the dashboards that the metrics changed (the coalesced schedule's callback). */
  async publishMetrics(): Promise<void> {
    this.publish({ metricsChanged: true });
  }

  async readMetrics(): Promise<MetricsSnapshot> {
    this.outage.refuse();
    return readMetrics(this.ctx.storage.sql);
  }

  /**
   * What `GET /metrics` reads, in one call: the queue metrics and the meter, and the
   * tenants' summaries rolled up with the top `topTenants` by applied events named
   * (ops/tenant-rollup.ts).
   */
  async readScrape(
    topTenants: number,
  ): Promise<{ metrics: MetricsSnapshot; tenants: TenantRollup }> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    return { metrics: readMetrics(sql), tenants: readTenantRollup(sql, topTenants) };
  }

  /** The metrics over time, per queue and 10-second bucket, from `sinceBucket` (Unix seconds) on. */
  async readMetricsSeries(sinceBucket: number): Promise<SeriesRow[]> {
    this.outage.refuse();
    return readSeries(this.ctx.storage.sql, sinceBucket);
  }

  async routeHits(): Promise<{ rule: string; hits: number; last_hit_at: string }[]> {
    this.outage.refuse();
    return readRouteHits(this.ctx.storage.sql);
  }

  /** Adds platform events to the live feed (one call per batch); returns how many were new. */
  async appendFeed(entries: FeedEntry[]): Promise<{ added: number; usage: SqlUsage }> {
    this.outage.refuse();
    // The fan-out meters these rows; they are left out of this object's own count.
    const metered = meterSql(this.ctx.storage.sql);
    const added = this.meter.uncounted(() =>
      this.ctx.storage.transactionSync(() =>
        appendToFeed(metered.sql, entries, new Date().toISOString()),
      ),
    );
    const usage = metered.usage();
    if (added > 0) this.publish({});
    return { added, usage };
  }

  async listFeed(limit = 50): Promise<FeedEntry[]> {
    this.outage.refuse();
    return readFeed(this.ctx.storage.sql, Math.min(Math.max(1, limit), 200));
  }

  /**
   * Stores a batch of dead letters, each in its own transaction with its counters: a
   * letter that cannot be stored fails alone (its error is answered) and its batch-mates
   * are stored. Letters evicted over a tenant's quota are answered for the caller to log.
   */
  async recordDeadLetters(
    letters: (DeadLetterInput & { id: string })[],
  ): Promise<{ results: DeadLetterStoreResult[]; usage: SqlUsage }> {
    this.outage.refuse();
    // The dead-letter consumer meters these rows; they are left out of this object's own count.
    const metered = meterSql(this.ctx.storage.sql);
    const results = this.meter.uncounted(() =>
      letters.map((letter): DeadLetterStoreResult => {
        try {
          const stored = this.ctx.storage.transactionSync(() =>
            storeDeadLetter(metered.sql, letter, letter.id),
          );
          return { id: letter.id, stored: true, ...stored };
        } catch (error) {
          return { id: letter.id, stored: false, error: String(error) };
        }
      }),
    );
    const usage = metered.usage();
    if (results.some((r) => r.stored)) this.publish({});
    if (results.some((r) => r.stored && r.inserted)) {
      try {
        // Cron schedules are idempotent: this keeps the one daily prune.
        await this.schedule(DEAD_LETTER_PRUNE_CRON, "pruneDeadLetters");
      } catch (error) {
        // The letters are stored; the prune is scheduled again with the next new one.
        log({
          level: "error",
          msg: "dead-letter prune not scheduled",
          error: String(error),
        });
      }
    }
    return { results, usage };
  }

  /**
   * Removes letters past their retention (the daily schedule), counting and logging
   * each. A schedule calls this with its (empty) payload; only a number moves the clock.
   */
  async pruneDeadLetters(now?: number): Promise<number> {
    this.outage.refuse();
    const at = typeof now === "number" ? now : Date.now();
    let removed = 0;
    for (;;) {
      const expired = this.ctx.storage.transactionSync(() =>
        pruneDeadLetters(this.ctx.storage.sql, at, 500),
      );
      for (const letter of expired) {
        log({ level: "warn", msg: "dead letter expired", ...letter });
      }
      removed += expired.length;
      if (expired.length < 500) break;
    }
    if (removed > 0) this.publish({});
    return removed;
  }

  /** Dead letters matching the filter, newest first: up to `limit`, after `after` when given. */
  async listDeadLetters(
    query: DeadLetterFilter & { limit: number; after?: DeadLetterPosition },
  ): Promise<DeadLetter[]> {
    this.outage.refuse();
    const { limit, after, ...filter } = query;
    return listDeadLetters(this.ctx.storage.sql, filter, { limit, after });
  }

  /** A dead letter by its id or its message's event id, in `tenant`'s letters when given. */
  async findLetter(id: string, tenant?: string): Promise<LetterHit | null> {
    this.outage.refuse();
    return findLetter(this.ctx.storage.sql, id, tenant);
  }

  /** The store's counters (letters held, evicted, expired): one tenant's, or the whole store's. */
  async deadLetterCounts(tenant?: string): Promise<DeadLetterCounts> {
    this.outage.refuse();
    return readCounts(this.ctx.storage.sql, tenant === undefined ? ALL_SCOPE : scopeOf(tenant));
  }

  /**
   * The letters a redrive will send, oldest first: by id (reporting missing ids) or by
   * filter; letters past the redrive horizon are refused with the reason.
   */
  async deadLettersForRedrive(
    selection: { ids: string[] } | { filter: DeadLetterFilter; limit: number },
  ): Promise<{ letters: DeadLetter[]; missing: string[]; refused: RefusedLetter[] }> {
    this.outage.refuse();
    return selectForRedrive(this.ctx.storage.sql, selection, Date.now());
  }

  /** Removes redriven letters that were not stored again meanwhile; returns the removed ids. */
  async removeRedriven(sent: { id: string; version: number }[]): Promise<string[]> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const removed = this.ctx.storage.transactionSync(() => removeRedriven(sql, sent, Date.now()));
    if (removed.length > 0) this.publish({});
    return removed;
  }

  /** Deletes one dead letter (an operator's decision); false when there is none. */
  async deleteDeadLetter(id: string): Promise<boolean> {
    this.outage.refuse();
    const sql = this.ctx.storage.sql;
    const deleted = this.ctx.storage.transactionSync(() => deleteDeadLetter(sql, id));
    if (deleted) this.publish({});
    return deleted;
  }
}
