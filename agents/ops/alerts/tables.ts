/**
 * The alerts' tables (OpsAgent migration 11): rules as data, their state per subject,
 * the events their transitions made, the operator's webhooks, the delivery outbox, and
 * the failed-run increases the hourly rule reads.
 */
export const alertsMigrationSql = `
  CREATE TABLE alert_rules (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    params TEXT NOT NULL,
    enabled INTEGER NOT NULL,
    for_seconds INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );
  -- subject: '' for a platform-wide rule, else the tenant id of a per-tenant rule.
  CREATE TABLE alert_states (
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    status TEXT NOT NULL,
    since TEXT NOT NULL,
    breaching_since TEXT,
    value REAL,
    evaluated_at TEXT NOT NULL,
    PRIMARY KEY (rule_id, subject)
  );
  CREATE TABLE alert_events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    id TEXT NOT NULL UNIQUE,
    rule_id TEXT NOT NULL,
    subject TEXT NOT NULL,
    type TEXT NOT NULL,
    at TEXT NOT NULL,
    value REAL,
    summary TEXT NOT NULL,
    body TEXT NOT NULL
  );
  CREATE INDEX alert_events_by_time ON alert_events (at);
  CREATE TABLE alert_webhooks (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
  );
  -- One row per event and webhook; next_attempt_at (ms) is set while pending.
  CREATE TABLE alert_deliveries (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL,
    webhook_id TEXT NOT NULL,
    url TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    next_attempt_at INTEGER,
    last_status INTEGER,
    last_error TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (event_id, webhook_id)
  );
  CREATE INDEX alert_deliveries_due ON alert_deliveries (status, next_attempt_at);
  CREATE INDEX alert_deliveries_by_status ON alert_deliveries (status, seq);
  CREATE TABLE alert_failed_runs (
    tenant_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    failed INTEGER NOT NULL
  );
  CREATE INDEX alert_failed_runs_by_time ON alert_failed_runs (at_ms);
  -- The largest runs_failed each tenant's summaries reported; seeded from the summaries
  -- there are, so failures from before this migration are not counted as new.
  CREATE TABLE alert_failed_runs_seen (
    tenant_id TEXT PRIMARY KEY,
    runs_failed INTEGER NOT NULL
  );
  INSERT INTO alert_failed_runs_seen (tenant_id, runs_failed)
    SELECT tenant_id, COALESCE(summary ->> '$.runs_failed', 0) FROM tenant_summaries;
`;
