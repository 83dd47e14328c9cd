/** The operator's API: dead letters, the route table, metrics, traces. */

import { type CursorPage, readPages } from "../lib/read-pages";
import { getJson, type RequestOptions, seg, sendCommand, sendJson, withQuery } from "./client";
import {
  type DeadLetter,
  DeadLetterPage,
  Metrics,
  RedrivePreview,
  RedriveResult,
  RouteTableWithHits,
  Trace,
} from "./schemas";

/**
 * What narrows a list or a redrive of dead letters (`q`: a piece of the event id or the
 * reason); empty fields narrow nothing.
 */
export type DeadLetterFilter = { queue?: string; type?: string; tenant?: string; q?: string };

/** The most letters the API gives in one answer. */
const MAX_PER_READ = 500;

function cleanFilter(filter: DeadLetterFilter): DeadLetterFilter {
  const out: DeadLetterFilter = {};
  if (filter.queue) out.queue = filter.queue;
  if (filter.type) out.type = filter.type;
  if (filter.tenant) out.tenant = filter.tenant;
  if (filter.q) out.q = filter.q;
  return out;
}

/**
 * The newest `want` letters matching the filter, following the API's `next_cursor`;
 * `next_cursor` in the answer is non-null when there are more.
 */
export async function listDeadLetters(
  filter: DeadLetterFilter,
  want: number,
  options?: RequestOptions,
): Promise<CursorPage<DeadLetter>> {
  return readPages(want, MAX_PER_READ, async (limit, cursor) => {
    const query = { ...cleanFilter(filter), limit, ...(cursor ? { cursor } : {}) };
    const page = await getJson(withQuery("/api/dlq", query), DeadLetterPage, options);
    return { rows: page.dead_letters, next_cursor: page.next_cursor };
  });
}

/** Sends letters back to their queues: these ids, or every letter the filter matches. */
export function redrive(selection: { ids: string[] } | { filter: DeadLetterFilter }) {
  const body = "ids" in selection ? selection : { filter: cleanFilter(selection.filter) };
  return sendJson("POST", "/api/dlq/redrive", body, RedriveResult);
}

/** What a redrive of the same selection would do to each letter; nothing is sent. */
export function previewRedrive(selection: { ids: string[] } | { filter: DeadLetterFilter }) {
  const body = "ids" in selection ? selection : { filter: cleanFilter(selection.filter) };
  return sendJson("POST", "/api/dlq/redrive", { ...body, preview: true }, RedrivePreview);
}

export function deleteDeadLetter(id: string) {
  return sendCommand("DELETE", `/api/dlq/${seg(id)}`);
}

export function getRouteTable(options?: RequestOptions) {
  return getJson("/api/routes", RouteTableWithHits, options);
}

/** Totals, the last `minutes` as 10-second buckets, and the priced meter. */
export function getMetrics(minutes: number, options?: RequestOptions) {
  return getJson(withQuery("/api/metrics", { minutes }), Metrics, options);
}

/** One chain, in causal order; a tenant passes its own id. */
export function getTrace(correlationId: string, tenant: string, options?: RequestOptions) {
  return getJson(withQuery(`/api/trace/${seg(correlationId)}`, { tenant }), Trace, options);
}
