import type { TenantSummary } from "../../../events/ops-state";
import type { EventLogEntry } from "../api/schemas";

/** An event of some tenant's log, as the stream shows it. */
export type StreamEvent = EventLogEntry & { tenant_id: string };

/** The stream keeps this many events, newest first. */
export const STREAM_LIMIT = 200;

/**
 * Adds newly read events to the stream: each event once (by tenant and event id),
 * newest applied first, at most `limit`. Pure.
 */
export function mergeEvents(
  shown: readonly StreamEvent[],
  incoming: readonly StreamEvent[],
  limit = STREAM_LIMIT,
): StreamEvent[] {
  const byKey = new Map<string, StreamEvent>();
  for (const e of [...shown, ...incoming]) byKey.set(`${e.tenant_id}\u0000${e.event_id}`, e);
  return [...byKey.values()]
    .sort(
      (a, b) =>
        b.applied_at.localeCompare(a.applied_at) ||
        b.seq - a.seq ||
        a.tenant_id.localeCompare(b.tenant_id),
    )
    .slice(0, limit);
}

/**
 * The tenants whose agents applied events since `seen` (their applied counter moved),
 * most recently reported first, at most `max`; `seen` is what was last read. Pure.
 */
export function tenantsWithNewEvents(
  tenants: readonly TenantSummary[],
  seen: ReadonlyMap<string, number>,
  only: string | null,
  max: number,
): TenantSummary[] {
  return tenants
    .filter((t) => (only === null || t.id === only) && (t.summary?.applied ?? 0) > 0)
    .filter((t) => seen.get(t.id) !== t.summary?.applied)
    .sort((a, b) => (b.summary?.updated_at ?? "").localeCompare(a.summary?.updated_at ?? ""))
    .slice(0, max);
}
