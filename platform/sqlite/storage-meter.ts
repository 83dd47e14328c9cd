import { NO_SQL_USAGE, type SqlUsage } from "./sql-meter";

/** Cursors kept before their counts are folded into a running total. */
const FOLD_AT = 1_000;

/** Every billable thing a Durable Object did since it was last asked. */
export type ObjectUsage = SqlUsage & {
  /** Alarms that ran (each is a billed request). */
  alarms: number;
};

/**
 * Counts every SQLite row a Durable Object reads and writes — its own statements and
 * the Agents SDK's (its state row, schedules, workflow tracking) — by wrapping
 * `storage.sql.exec` once, in the constructor, before anything runs. `take()` answers
 * what was used since the previous `take()` and starts again, so each agent call can
 * hand the platform's meter exactly what happened since the last one, background work
 * (alarms, summaries) included. A cursor's counts grow as it is read; they are read at
 * `take()`, after the turn that opened it consumed it.
 */
export class StorageMeter {
  private cursors: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  private folded: SqlUsage = NO_SQL_USAGE;
  private alarms = 0;
  private paused = false;

  constructor(storage: DurableObjectStorage) {
    const sql = storage.sql;
    const exec = sql.exec.bind(sql);
    sql.exec = ((query: string, ...bindings: unknown[]) => {
      const cursor = exec(query, ...bindings);
      if (this.paused) return cursor;
      this.cursors.push(cursor);
      if (this.cursors.length >= FOLD_AT) this.fold();
      return cursor;
    }) as SqlStorage["exec"];
  }

  /**
   * Runs `work` without counting its statements: for work whose rows were already
   * counted when they were caused (the OpsAgent's caller-metered calls).
   */
  uncounted<T>(work: () => T): T {
    this.fold();
    this.paused = true;
    try {
      return work();
    } finally {
      this.paused = false;
    }
  }

  /** Counts an alarm's run. */
  alarmRan(): void {
    this.alarms++;
  }

  take(): ObjectUsage {
    this.fold();
    const usage = { ...this.folded, alarms: this.alarms };
    this.folded = NO_SQL_USAGE;
    this.alarms = 0;
    return usage;
  }

  private fold(): void {
    for (const c of this.cursors) {
      this.folded = {
        rows_read: this.folded.rows_read + c.rowsRead,
        rows_written: this.folded.rows_written + c.rowsWritten,
      };
    }
    this.cursors = [];
  }
}
