import type { Migration } from "../../platform/sqlite/migrations";
import { alertsMigrationSql } from "./alerts/tables";
import { auditMigrationSql } from "./audit";
import { budgetsMigrationSql } from "./budgets";
import { histogramSumsMigrationSql } from "./metrics";
import { monthlyUsageMigrationSql } from "./monthly-usage";
import { pendingTotalsMigrationSql } from "./pending-totals";
import { quotaRefusalsMigrationSql } from "./quota-refusals";
import { tenantStatusMigrationSql } from "./tenant-status";

/** The OpsAgent's schema, one entry per version; a shipped entry never changes. */
export const opsMigrations: readonly Migration[] = [
  {
    version: 1,
    name: "tenant registry and dead letters",
    sql: `
      CREATE TABLE tenants (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE dead_letters (
        id TEXT PRIMARY KEY,
        queue TEXT NOT NULL,
        reason TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        event_id TEXT,
        type TEXT,
        tenant_id TEXT,
        body TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      CREATE INDEX dead_letters_by_queue ON dead_letters (queue, last_seen);
    `,
  },
  {
    version: 2,
    name: "sweep cursor",
    sql: "CREATE TABLE sweep_cursor (id INTEGER PRIMARY KEY CHECK (id = 1), after TEXT NOT NULL);",
  },
  {
    version: 3,
    name: "event backbone: tenant settings, redrive versions, metrics, route hits, feed",
    sql: `
      CREATE TABLE tenant_settings (
        tenant_id TEXT PRIMARY KEY,
        social_enabled INTEGER NOT NULL,
        updated_at TEXT NOT NULL
      );
      ALTER TABLE dead_letters ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX dead_letters_by_time ON dead_letters (last_seen);
      CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant_id, last_seen);
      CREATE INDEX dead_letters_by_type ON dead_letters (type, last_seen);
      CREATE TABLE queue_counters (
        queue TEXT NOT NULL,
        name TEXT NOT NULL,
        value INTEGER NOT NULL,
        PRIMARY KEY (queue, name)
      );
      CREATE TABLE queue_histograms (
        queue TEXT NOT NULL,
        histogram TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (queue, histogram, bucket)
      );
      CREATE TABLE meter (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
      CREATE TABLE metrics_since (id INTEGER PRIMARY KEY CHECK (id = 1), since TEXT NOT NULL);
      CREATE TABLE route_hits (rule TEXT PRIMARY KEY, hits INTEGER NOT NULL, last_hit_at TEXT NOT NULL);
      CREATE TABLE feed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        tenant_id TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        correlation_id TEXT,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 4,
    name: "tenant summaries and activity feed",
    sql: `
      CREATE TABLE tenant_summaries (
        tenant_id TEXT PRIMARY KEY,
        summary TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        received INTEGER NOT NULL DEFAULT 1
      );
      CREATE TABLE activity (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tenant_id TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        correlation_id TEXT
      );
    `,
  },
  {
    version: 5,
    name: "metrics over time",
    sql: `
      CREATE TABLE metrics_series (
        bucket INTEGER NOT NULL,
        queue TEXT NOT NULL,
        events INTEGER NOT NULL,
        delivered INTEGER NOT NULL,
        acked INTEGER NOT NULL,
        retried INTEGER NOT NULL,
        dead_lettered INTEGER NOT NULL,
        duplicates INTEGER NOT NULL,
        handler_ms TEXT NOT NULL,
        wait_ms TEXT NOT NULL,
        PRIMARY KEY (bucket, queue)
      );
    `,
  },
  {
    version: 6,
    name: "dead letters per tenant: keyed by tenant, counted, first sight kept across redrives",
    // Tenant ids that are not valid ones (from bodies that never parsed) become null, as
    // new letters store them; ids gain the tenant (`<queue>:<tenant or ->:<event or message id>`)
    // unless that would collide, in which case the letter keeps the id it had.
    sql: `
      UPDATE dead_letters SET tenant_id = NULL
       WHERE tenant_id IS NOT NULL AND NOT (
         length(tenant_id) BETWEEN 1 AND 63
         AND tenant_id GLOB '[a-z0-9]*'
         AND tenant_id NOT GLOB '*[^a-z0-9-]*'
       );
      UPDATE OR IGNORE dead_letters
         SET id = queue || ':' || COALESCE(tenant_id, '-') || ':' || substr(id, length(queue) + 2)
       WHERE substr(id, 1, length(queue) + 1) = queue || ':';
      CREATE TABLE dead_letter_counts (
        scope TEXT PRIMARY KEY,
        letters INTEGER NOT NULL,
        evicted INTEGER NOT NULL,
        expired INTEGER NOT NULL
      );
      INSERT INTO dead_letter_counts (scope, letters, evicted, expired)
        SELECT COALESCE(tenant_id, '-'), COUNT(*), 0, 0 FROM dead_letters
         GROUP BY COALESCE(tenant_id, '-');
      INSERT INTO dead_letter_counts (scope, letters, evicted, expired)
        SELECT '*', COUNT(*), 0, 0 FROM dead_letters;
      CREATE TABLE dead_letters_redriven (
        id TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        version INTEGER NOT NULL,
        redriven_at TEXT NOT NULL
      );
      CREATE INDEX dead_letters_redriven_by_time ON dead_letters_redriven (redriven_at);
    `,
  },
  {
    // The flushes' tenant totals in one pending row, folded into the summaries about
    // once a minute: a flush writes one row for its tenants, not one per tenant.
    version: 7,
    name: "pending tenant totals",
    sql: pendingTotalsMigrationSql,
  },
  {
    // The list pages on (last_seen, id): with the id in each index, a page is read in
    // index order, however many letters share a time. Each replaces the one it extends.
    version: 8,
    name: "dead letters paged by last sight and id",
    sql: `
      DROP INDEX dead_letters_by_time;
      DROP INDEX dead_letters_by_queue;
      DROP INDEX dead_letters_by_tenant;
      DROP INDEX dead_letters_by_type;
      CREATE INDEX dead_letters_by_time ON dead_letters (last_seen, id);
      CREATE INDEX dead_letters_by_queue ON dead_letters (queue, last_seen, id);
      CREATE INDEX dead_letters_by_tenant ON dead_letters (tenant_id, last_seen, id);
      CREATE INDEX dead_letters_by_type ON dead_letters (type, last_seen, id);
    `,
  },
  {
    // Who did what: one row per action that changes something (ops/audit.ts).
    version: 9,
    name: "audit log",
    sql: auditMigrationSql,
  },
  {
    // The latency histograms' sums, for Prometheus's `_sum` (ops/metrics.ts).
    version: 10,
    name: "histogram sums",
    sql: histogramSumsMigrationSql,
  },
  {
    // Alert rules, their states and events, webhooks and the delivery outbox (ops/alerts/).
    version: 11,
    name: "alerts",
    sql: alertsMigrationSql,
  },
  {
    // Per-tenant budgets: what each tenant costs per month and its budget (ops/budgets.ts).
    version: 12,
    name: "tenant budgets and monthly usage",
    sql: monthlyUsageMigrationSql + budgetsMigrationSql,
  },
  {
    // Requests refused for a tenant's quota, per minute (ops/quota-refusals.ts).
    version: 13,
    name: "quota refusals",
    sql: quotaRefusalsMigrationSql,
  },
  {
    // Whether each tenant is active, paused or archived, since when, by whom (ops/tenant-status.ts).
    version: 14,
    name: "tenant status",
    sql: tenantStatusMigrationSql,
  },
];
