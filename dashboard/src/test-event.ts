import type { Envelope } from "../../events";

/**
 * A fresh `cycle.requested` for a tenant: the one type a tenant may send for itself
 * (docs/SECURITY.md), as `tenant:<id>` (an operator's is recorded as the operator).
 */
export function testEvent(tenantId: string, now: Date = new Date()): Envelope {
  const eventId = crypto.randomUUID();
  return {
    event_id: eventId,
    type: "cycle.requested",
    source: `tenant:${tenantId}`,
    tenant_id: tenantId,
    timestamp: now.toISOString(),
    // Its own chain, so GET /api/trace/<event_id> shows what the event set off.
    correlation_id: eventId,
    payload: { reason: "test event from the dashboard" },
  };
}
