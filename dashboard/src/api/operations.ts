/** The operator's API: dead letters, the route table, metrics, traces. */
import { getJson, type RequestOptions, seg, sendCommand, sendJson, withQuery } from "./client";
import {
  DeadLetterListSchema,
  MetricsSchema,
  RedriveResultSchema,
  RouteTableSchema,
  TraceSchema,
} from "./schemas";

/** What narrows a list or a redrive of dead letters; empty fields narrow nothing. */
export type DeadLetterFilter = { queue?: string; type?: string; tenant?: string };

function cleanFilter(filter: DeadLetterFilter): DeadLetterFilter {
  const out: DeadLetterFilter = {};
  if (filter.queue) out.queue = filter.queue;
  if (filter.type) out.type = filter.type;
  if (filter.tenant) out.tenant = filter.tenant;
  return out;
}

export async function listDeadLetters(filter: DeadLetterFilter, options?: RequestOptions) {
  const path = withQuery("/api/dlq", { ...cleanFilter(filter), limit: 200 });
  return (await getJson(path, DeadLetterListSchema, options)).dead_letters;
}

/** Sends letters back to their queues: these ids, or every letter the filter matches. */
export function redrive(selection: { ids: string[] } | { filter: DeadLetterFilter }) {
  const body = "ids" in selection ? selection : { filter: cleanFilter(selection.filter) };
  return sendJson("POST", "/api/dlq/redrive", body, RedriveResultSchema);
}

export function deleteDeadLetter(id: string) {
  return sendCommand("DELETE", `/api/dlq/${seg(id)}`);
}

export function getRouteTable(options?: RequestOptions) {
  return getJson("/api/routes", RouteTableSchema, options);
}

/** Totals, the last `minutes` as 10-second buckets, and the priced meter. */
export function getMetrics(minutes: number, options?: RequestOptions) {
  return getJson(withQuery("/api/metrics", { minutes }), MetricsSchema, options);
}

/** One chain, in causal order; a tenant passes its own id. */
export function getTrace(correlationId: string, tenant: string, options?: RequestOptions) {
  return getJson(withQuery(`/api/trace/${seg(correlationId)}`, { tenant }), TraceSchema, options);
}
