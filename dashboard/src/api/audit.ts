/** The audit log: who did what, when, to what, with what outcome (operators). */
import { type CursorPage, readPages } from "../lib/read-pages";
import { getJson, type RequestOptions, withQuery } from "./client";
import { type AuditEntry, AuditPage } from "./schemas";

/** What narrows the log; empty fields narrow nothing. */
export type AuditFilter = { actor?: string; action?: string; tenant?: string };

const MAX_PER_READ = 500;

/** The newest `want` entries matching the filter, following the API's `next_before`. */
export function listAudit(
  filter: AuditFilter,
  want: number,
  options?: RequestOptions,
): Promise<CursorPage<AuditEntry>> {
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(filter)) if (value) query[name] = value;
  return readPages(want, MAX_PER_READ, async (limit, cursor) => {
    const path = withQuery("/api/audit", {
      ...query,
      limit,
      ...(cursor ? { before: cursor } : {}),
    });
    const page = await getJson(path, AuditPage, options);
    return {
      rows: page.entries,
      next_cursor: page.next_before === null ? null : String(page.next_before),
    };
  });
}
