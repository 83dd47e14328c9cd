import type { EventLogEntry } from "../../agents/tenant/event-log";

/**
 * Event-log entries as the API answers them: the log keeps each payload as JSON text
 * (Durable Object RPC needs concrete types), the answer carries it decoded.
 */
export function decodedEntries(entries: readonly EventLogEntry[]) {
  return entries.map(({ payload, ...entry }) => ({
    ...entry,
    payload: JSON.parse(payload) as unknown,
  }));
}
