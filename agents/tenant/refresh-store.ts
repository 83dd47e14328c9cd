import { keywordKey } from "../../events/strategy";
import type { RefreshHistory } from "./model";
import { activeRunsForKeyword } from "./run-store";

/**
 * The refreshes the agent started: one row per refresh run, with the performance report
 * that asked for it (the command's causation). What the refresh rules read: the weekly
 * budget (`refresh_max_per_week`) and "never twice for one report". Rows older than
 * `RETENTION_DAYS` are dropped whenever a refresh is recorded.
 */
export const refreshesMigrationSql = `
  CREATE TABLE refreshes (
    run_id TEXT PRIMARY KEY,
    content_id TEXT NOT NULL,
    report_id TEXT,
    command_id TEXT NOT NULL,
    decided_at TEXT NOT NULL
  );
  CREATE UNIQUE INDEX refreshes_by_report ON refreshes (report_id) WHERE report_id IS NOT NULL;
  CREATE INDEX refreshes_by_time ON refreshes (decided_at);
  CREATE INDEX refreshes_by_content ON refreshes (content_id, decided_at);
`;

/** Longer than the week the budget looks at and the 7 days a command's id is deduplicated. */
const RETENTION_DAYS = 28;
/** The budget allows at most 50 a week (the strategy's bound): more rows tell nothing. */
const MAX_RECENT = 50;

/**
 * What a refresh decision needs to know: the latest refreshes, the article's latest, the
 * report's, and the runs under way for the article's keyword.
 */
export function loadRefreshHistory(
  sql: SqlStorage,
  contentId: string,
  keyword: string | null,
  reportId: string | null,
): RefreshHistory {
  const recent = sql
    .exec<{ decided_at: string }>(
      "SELECT decided_at FROM refreshes ORDER BY decided_at DESC LIMIT ?",
      MAX_RECENT,
    )
    .toArray()
    .map((row) => row.decided_at);
  const forReport =
    reportId === null
      ? null
      : (sql
          .exec<{ run_id: string }>("SELECT run_id FROM refreshes WHERE report_id = ?", reportId)
          .toArray()[0]?.run_id ?? null);
  const articleLast =
    sql
      .exec<{ decided_at: string }>(
        "SELECT decided_at FROM refreshes WHERE content_id = ? ORDER BY decided_at DESC LIMIT 1",
        contentId,
      )
      .toArray()[0]?.decided_at ?? null;
  return {
    recent,
    article_last: articleLast,
    for_report: forReport,
    runs_active: keyword === null ? 0 : activeRunsForKeyword(sql, keywordKey(keyword)),
  };
}

/** Records a refresh run the agent decided to start, in the decision's transaction. */
export function recordRefresh(
  sql: SqlStorage,
  refresh: { run_id: string; content_id: string; report_id: string | null; command_id: string },
  decidedAt: string,
): void {
  sql.exec(
    `INSERT OR IGNORE INTO refreshes (run_id, content_id, report_id, command_id, decided_at)
     VALUES (?, ?, ?, ?, ?)`,
    refresh.run_id,
    refresh.content_id,
    refresh.report_id,
    refresh.command_id,
    decidedAt,
  );
  const cutoff = new Date(Date.parse(decidedAt) - RETENTION_DAYS * 86_400_000).toISOString();
  sql.exec("DELETE FROM refreshes WHERE decided_at < ?", cutoff);
}
