/** Replaying a tenant's logged events (operators): a preview, then the replay. */
import { sendJson } from "./client";
import { ReplayPreview, ReplaySent } from "./schemas";

/** Which logged events to replay; empty fields narrow nothing (times are ISO). */
export type ReplayFilter = {
  tenant: string;
  correlation_id?: string;
  type?: string;
  from?: string;
  to?: string;
  limit?: number;
};

function cleanFilter(filter: ReplayFilter): ReplayFilter {
  const out: ReplayFilter = { tenant: filter.tenant };
  if (filter.correlation_id) out.correlation_id = filter.correlation_id;
  if (filter.type) out.type = filter.type;
  if (filter.from) out.from = filter.from;
  if (filter.to) out.to = filter.to;
  if (filter.limit) out.limit = filter.limit;
  return out;
}

/** What a replay of the selection would do to each event; nothing is sent. */
export function previewReplay(filter: ReplayFilter) {
  return sendJson("POST", "/api/replay", { ...cleanFilter(filter), preview: true }, ReplayPreview);
}

/** Sends the selected events to the tenant's agent again, each under its own id. */
export function replay(filter: ReplayFilter) {
  return sendJson("POST", "/api/replay", cleanFilter(filter), ReplaySent);
}
