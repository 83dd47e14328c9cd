/** An envelope as the driver posts it (valid by construction; the platform parses it). */
export type Envelope = {
  event_id: string;
  type: string;
  source: string;
  tenant_id: string;
  timestamp: string;
  correlation_id?: string;
  causation_id?: string;
  payload: Record<string, unknown>;
};

/**
 * Where the effect of a message shows: `agent` — a fact or command the tenant's agent
 * applies (it must be in the tenant's event log exactly once); `service` — a command a
 * service carries out (exactly one answer naming it as `causation_id` in the log, or a
 * dead letter with its reason).
 */
export type Effect = "agent" | "service";

export type LedgerEntry = {
  envelope: Envelope;
  effect: Effect;
  /** Which part of the run sent it (the audit reports per phase). */
  phase: string;
  /** Deliveries the platform accepted (202). */
  accepted: number;
  /** Deliveries whose request got no answer: the platform died while they were on the way. */
  uncertain: number;
};

/**
 * The driver's own record of everything it sent: each event_id, how it should take
 * effect and how often it was delivered. The audit reconciles the platform against it.
 */
export class Ledger {
  private readonly byId = new Map<string, LedgerEntry>();

  add(envelope: Envelope, effect: Effect, phase: string): void {
    if (this.byId.has(envelope.event_id)) throw new Error(`event ${envelope.event_id} added twice`);
    this.byId.set(envelope.event_id, { envelope, effect, phase, accepted: 0, uncertain: 0 });
  }

  /** Counts one delivery of each id by the outcome of its request. */
  record(ids: readonly string[], outcome: "accepted" | "uncertain"): void {
    for (const id of ids) {
      const entry = this.byId.get(id);
      if (!entry) throw new Error(`event ${id} is not in the ledger`);
      entry[outcome]++;
    }
  }

  get(id: string): LedgerEntry | undefined {
    return this.byId.get(id);
  }

  entries(filter: { tenant?: string; phase?: string } = {}): LedgerEntry[] {
    return [...this.byId.values()].filter(
      (e) =>
        (filter.tenant === undefined || e.envelope.tenant_id === filter.tenant) &&
        (filter.phase === undefined || e.phase === filter.phase),
    );
  }

  /** Totals: unique events, deliveries accepted, and the extra (duplicate) deliveries. */
  totals(entries: readonly LedgerEntry[] = this.entries()): {
    events: number;
    deliveries: number;
    duplicates_injected: number;
    uncertain: number;
  } {
    const deliveries = entries.reduce((n, e) => n + e.accepted, 0);
    const uncertain = entries.reduce((n, e) => n + e.uncertain, 0);
    const delivered = entries.filter((e) => e.accepted > 0).length;
    return {
      events: entries.length,
      deliveries,
      duplicates_injected: deliveries - delivered,
      uncertain,
    };
  }
}
