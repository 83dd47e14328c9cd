/** Runs across tenants (operators): search, one action on every run found, and any id's chain. */
import { type CursorPage, readPages } from "../lib/read-pages";
import { getJson, type RequestOptions, seg, sendJson, withQuery } from "./client";
import { BulkResult, LookupResult, RunPage, type TenantRun } from "./schemas";

/** What narrows a search of runs; empty fields narrow nothing. */
export type RunFilter = {
  tenant?: string;
  status?: string;
  step?: string;
  q?: string;
  since?: string;
  until?: string;
};

/** What a bulk action does to each run. */
export type BulkAction = "approve" | "reject" | "cancel" | "retry";

/** The most runs the API gives in one answer, and takes in one bulk action. */
export const MAX_PER_READ = 200;

/** The filter without its empty fields, times as ISO (a `datetime-local` input has no zone). */
export function cleanRunFilter(filter: RunFilter): RunFilter {
  const out: RunFilter = {};
  for (const name of ["tenant", "status", "step", "q"] as const) {
    const value = filter[name]?.trim();
    if (value) out[name] = value;
  }
  for (const name of ["since", "until"] as const) {
    const value = filter[name];
    const time = value ? new Date(value) : null;
    if (time && !Number.isNaN(time.getTime())) out[name] = time.toISOString();
  }
  return out;
}

/** The newest `want` runs matching the filter, following the API's `next_cursor`. */
export async function searchRuns(
  filter: RunFilter,
  want: number,
  options?: RequestOptions,
): Promise<CursorPage<TenantRun>> {
  return readPages(want, MAX_PER_READ, async (limit, cursor) => {
    const query = { ...cleanRunFilter(filter), limit, ...(cursor ? { cursor } : {}) };
    const page = await getJson(withQuery("/api/runs", query), RunPage, options);
    return { rows: page.runs, next_cursor: page.next_cursor };
  });
}

/**
 * Takes the action on every run the filter finds (at most `limit`, newest first), or with
 * `preview` says per run whether it would, changing nothing.
 */
export function bulkRuns(body: {
  action: BulkAction;
  filter: RunFilter;
  preview: boolean;
  limit?: number;
  reason?: string;
}) {
  const { filter, reason, ...rest } = body;
  return sendJson(
    "POST",
    "/api/runs/bulk",
    { ...rest, filter: cleanRunFilter(filter), ...(reason ? { reason } : {}) },
    BulkResult,
  );
}

/** What an id (or a page's address) is, its tenant and its chain; a tenant names its own. */
export function lookupId(id: string, tenant?: string, options?: RequestOptions) {
  return getJson(withQuery(`/api/lookup/${seg(id)}`, { tenant }), LookupResult, options);
}
