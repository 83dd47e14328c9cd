import { RUN_STATUSES } from "../../events";
import { type Condition, whereClause } from "../../platform/sqlite/sql-where";
import { APPROVAL_STEP } from "./run-actions";
import { COLUMNS, FINAL_RUN_STATUSES, type RunRecord } from "./run-store";

/**
 * Searching a tenant's runs, newest first, a page at a time: what `GET /api/runs` asks
 * each tenant's agent for (and `GET /api/tenants/:id/runs` of one). The order is
 * `(requested_at, run_id)` descending, and a page starts below the previous page's last
 * run, so a run asked for meanwhile sorts above the pages already read and paging on
 * neither repeats nor skips one.
 */

/** The statuses a search takes (the contract's list: the dashboard offers the same). */
export { RUN_STATUSES };
export type RunStatus = (typeof RUN_STATUSES)[number];

/** What narrows a search; every field given must hold. */
export type RunSearchFilter = {
  status?: RunStatus | undefined;
  /** The run's current step, exactly. */
  step?: string | undefined;
  /** A piece of the keyword, the run id or the content id, any case. */
  q?: string | undefined;
  correlation_id?: string | undefined;
  /** Asked for at or after this ISO time. */
  since?: string | undefined;
  /** Asked for before this ISO time. */
  until?: string | undefined;
};

/**
 * Where the page starts: below this run in the order. `inclusive` takes a run with this
 * very key too (across tenants the order breaks ties by tenant, which only the caller
 * knows: this tenant sorts below the cursor's run when its id is lower).
 */
export type RunPosition = { requested_at: string; run_id: string; inclusive?: boolean };

const FINAL = FINAL_RUN_STATUSES;

/** The runs matching the filter, newest first, at most `limit`, below `before` when given. */
export function searchRuns(
  sql: SqlStorage,
  filter: RunSearchFilter,
  page: { limit: number; before?: RunPosition | undefined },
): RunRecord[] {
  const { before } = page;
  const q = filter.q?.toLowerCase();
  const { clause, params } = whereClause([
    filter.status === "waiting for approval"
      ? [`step = ? AND status NOT IN (${FINAL.map(() => "?").join(",")})`, APPROVAL_STEP, ...FINAL]
      : filter.status !== undefined && ["status = ?", filter.status],
    filter.step !== undefined && ["step = ?", filter.step],
    q !== undefined && [
      "(instr(lower(keyword), ?) > 0 OR instr(lower(run_id), ?) > 0 OR instr(lower(content_id), ?) > 0)",
      q,
      q,
      q,
    ],
    filter.correlation_id !== undefined && ["correlation_id = ?", filter.correlation_id],
    filter.since !== undefined && ["requested_at >= ?", filter.since],
    filter.until !== undefined && ["requested_at < ?", filter.until],
    before !== undefined &&
      ([
        `(requested_at, run_id) ${before.inclusive ? "<=" : "<"} (?, ?)`,
        before.requested_at,
        before.run_id,
      ] satisfies Condition),
  ]);
  return sql
    .exec<RunRecord>(
      `SELECT ${COLUMNS} FROM runs ${clause} ORDER BY requested_at DESC, run_id DESC LIMIT ?`,
      ...params,
      page.limit,
    )
    .toArray();
}
