import { processedEventsMigrationSql } from "../../platform/sqlite/dedup";
import type { Migration } from "../../platform/sqlite/migrations";
import { outboxMigrationSql } from "../../platform/sqlite/outbox";
import { articlesMigrationSql } from "./articles";
import { eventLogMigrationSql } from "./event-log";
import { heldDeliveriesMigrationSql } from "./pause";
import { refreshesMigrationSql } from "./refresh-store";
import { runDecisionMigrationSql } from "./run-actions";
import { runRestartMigrationSql } from "./run-restart";
import { runRetryMigrationSql } from "./run-retry";
import { totalsOnLogMigrationSql, trafficMigrationSql } from "./traffic";

/** The TenantAgent's schema, one entry per version; a shipped entry never changes. */
export const tenantMigrations: readonly Migration[] = [
  { version: 1, name: "dedup", sql: processedEventsMigrationSql },
  {
    version: 2,
    name: "event log and counters",
    sql: `
      CREATE TABLE event_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        correlation_id TEXT,
        causation_id TEXT,
        payload TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      CREATE INDEX event_log_by_type ON event_log (type, seq);
      CREATE INDEX event_log_by_correlation ON event_log (correlation_id, seq);
      CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `,
  },
  { version: 3, name: "outbox", sql: outboxMigrationSql },
  {
    version: 4,
    name: "domain tables, strategy versions, decisions and runs",
    sql: `
      CREATE TABLE tenant_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE strategy_versions (
        version INTEGER PRIMARY KEY,
        strategy TEXT NOT NULL,
        note TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE TABLE research (
        research_id TEXT PRIMARY KEY,
        keyword TEXT NOT NULL,
        difficulty INTEGER NOT NULL,
        volume INTEGER NOT NULL,
        intent TEXT NOT NULL,
        correlation_id TEXT,
        received_at TEXT NOT NULL
      );
      CREATE TABLE content (
        content_id TEXT PRIMARY KEY,
        keyword TEXT,
        keyword_key TEXT,
        word_count INTEGER,
        ready_at TEXT,
        published_at TEXT,
        urls TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX content_by_keyword ON content (keyword_key);
      CREATE TABLE publications (
        url TEXT PRIMARY KEY,
        content_id TEXT NOT NULL,
        published_at TEXT NOT NULL,
        check_due_at TEXT NOT NULL,
        last_check_requested_at TEXT
      );
      CREATE INDEX publications_by_due ON publications (check_due_at);
      CREATE TABLE performance (
        url TEXT NOT NULL,
        period TEXT NOT NULL,
        impressions INTEGER NOT NULL,
        clicks INTEGER NOT NULL,
        position REAL NOT NULL,
        reported_at TEXT NOT NULL,
        PRIMARY KEY (url, period)
      );
      CREATE TABLE decisions (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        summary TEXT NOT NULL,
        cause_event_id TEXT NOT NULL,
        correlation_id TEXT,
        strategy_version INTEGER NOT NULL,
        emitted TEXT NOT NULL,
        decided_at TEXT NOT NULL
      );
      CREATE INDEX decisions_by_correlation ON decisions (correlation_id, seq);
      CREATE TABLE decision_reasons (
        decision_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        verdict TEXT NOT NULL,
        subject TEXT NOT NULL,
        text TEXT NOT NULL,
        PRIMARY KEY (decision_id, seq)
      );
      CREATE TABLE runs (
        run_id TEXT PRIMARY KEY,
        content_id TEXT NOT NULL,
        keyword TEXT NOT NULL,
        keyword_key TEXT NOT NULL,
        research_id TEXT,
        correlation_id TEXT NOT NULL,
        decision_id TEXT NOT NULL,
        params TEXT NOT NULL,
        status TEXT NOT NULL,
        step TEXT,
        percent REAL,
        error TEXT,
        start_attempts INTEGER NOT NULL DEFAULT 0,
        requested_at TEXT NOT NULL,
        started_at TEXT,
        updated_at TEXT NOT NULL,
        completed_at TEXT
      );
      CREATE INDEX runs_by_status ON runs (status, requested_at);
      CREATE INDEX runs_by_keyword ON runs (keyword_key);
      CREATE INDEX runs_by_correlation ON runs (correlation_id);
      CREATE TABLE run_steps (
        run_id TEXT NOT NULL,
        step TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT,
        first_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (run_id, step)
      );
      CREATE TABLE summary_feed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        text TEXT NOT NULL,
        correlation_id TEXT
      );
    `,
  },
  {
    version: 5,
    name: "articles, and the order of run progress reports",
    sql: `${articlesMigrationSql}
      ALTER TABLE runs ADD COLUMN progress_seq INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    version: 6,
    name: "tries per run step",
    sql: "ALTER TABLE run_steps ADD COLUMN attempts INTEGER NOT NULL DEFAULT 1;",
  },
  {
    // Fewer SQLite rows written per event (the largest billed cost per event): dedup ids
    // in a WITHOUT ROWID table with no time index (one row per event; pruning scans, once
    // a day), an event log with only the index the trace needs (its event ids are unique
    // already: dedup admits each once, in the same transaction), and the per-batch
    // counters and meta rows without a second index entry each.
    version: 7,
    name: "lean dedup and event log",
    sql: `
      CREATE TABLE processed_events_lean (
        event_id TEXT PRIMARY KEY,
        type TEXT NOT NULL,
        processed_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      INSERT INTO processed_events_lean SELECT event_id, type, processed_at FROM processed_events;
      DROP TABLE processed_events;
      ALTER TABLE processed_events_lean RENAME TO processed_events;
      CREATE TABLE event_log_lean (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        event_id TEXT NOT NULL,
        type TEXT NOT NULL,
        source TEXT NOT NULL,
        timestamp TEXT NOT NULL,
        correlation_id TEXT,
        causation_id TEXT,
        payload TEXT NOT NULL,
        applied_at TEXT NOT NULL
      );
      INSERT INTO event_log_lean SELECT seq, event_id, type, source, timestamp, correlation_id,
        causation_id, payload, applied_at FROM event_log;
      DROP TABLE event_log;
      ALTER TABLE event_log_lean RENAME TO event_log;
      CREATE INDEX event_log_by_correlation ON event_log (correlation_id, seq)
        WHERE correlation_id IS NOT NULL;
      CREATE TABLE counters_lean (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
      INSERT INTO counters_lean SELECT name, value FROM counters;
      DROP TABLE counters;
      ALTER TABLE counters_lean RENAME TO counters;
      CREATE TABLE tenant_meta_lean (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO tenant_meta_lean SELECT key, value FROM tenant_meta;
      DROP TABLE tenant_meta;
      ALTER TABLE tenant_meta_lean RENAME TO tenant_meta;
    `,
  },
  {
    version: 8,
    name: "when each run step finished",
    sql: "ALTER TABLE run_steps ADD COLUMN finished_at TEXT;",
  },
  {
    // One event-log row per agent call instead of per event (see tenant/event-log.ts):
    // what a call applied is one JSON array, and chains index the calls they touch.
    // Each old row becomes a call of its own, so old cursors still page.
    version: 9,
    name: "event log per call",
    sql: `${eventLogMigrationSql}
      INSERT INTO event_calls (call, applied_at, events)
        SELECT seq, applied_at, json_array(json_object(
          'event_id', event_id, 'type', type, 'source', source, 'timestamp', timestamp,
          'correlation_id', correlation_id, 'causation_id', causation_id,
          'payload', json(payload)))
        FROM event_log;
      INSERT INTO event_call_chains (correlation_id, call)
        SELECT correlation_id, seq FROM event_log WHERE correlation_id IS NOT NULL;
      DROP TABLE event_log;
    `,
  },
  {
    // Applied and duplicate totals in one row: one row written per call, not two.
    version: 10,
    name: "traffic totals in one row",
    sql: trafficMigrationSql,
  },
  {
    // Ties between facts of equal time are broken by event_id: the winner's id is kept.
    version: 11,
    name: "the event behind each latest fact",
    sql: `
      ALTER TABLE content ADD COLUMN ready_event_id TEXT;
      ALTER TABLE performance ADD COLUMN reported_event_id TEXT;
    `,
  },
  {
    // The first approve, reject or cancel of a run is final (tenant/run-actions.ts).
    version: 12,
    name: "a run's decision",
    sql: runDecisionMigrationSql,
  },
  {
    // A call's traffic totals on its log row: one row written per call, not two.
    version: 13,
    name: "traffic totals on the event log",
    sql: totalsOnLogMigrationSql,
  },
  {
    // The refresh rules' memory: the weekly budget and one refresh per report.
    version: 14,
    name: "refreshes",
    sql: refreshesMigrationSql,
  },
  {
    // Who made each strategy version: the token's subject (null for older versions).
    version: 15,
    name: "strategy version authors",
    sql: "ALTER TABLE strategy_versions ADD COLUMN author TEXT;",
  },
  {
    // A failed run retried as a new run of the same decision (tenant/run-retry.ts).
    version: 16,
    name: "run retries",
    sql: runRetryMigrationSql,
  },
  {
    // Deliveries a paused or archived tenant holds, in arrival order (tenant/pause.ts).
    version: 17,
    name: "held deliveries",
    sql: heldDeliveriesMigrationSql,
  },
  {
    // A run restarted from a named step, counted (tenant/run-restart.ts).
    version: 18,
    name: "run restarts",
    sql: runRestartMigrationSql,
  },
];
