import type { Envelope } from "../../events";

/** A fresh `research.completed` for a tenant: a harmless event for demos. */
export function testEvent(tenantId: string, now: Date = new Date()): Envelope {
  const eventId = crypto.randomUUID();
  return {
    event_id: eventId,
    type: "research.completed",
    source: "dashboard",
    tenant_id: tenantId,
    timestamp: now.toISOString(),
    // Its own chain, so GET /api/trace/<event_id> shows what the event set off.
    correlation_id: eventId,
    payload: { research_ids: [`r-demo-${eventId.slice(0, 8)}`], keywords_researched: 1 },
  };
}
