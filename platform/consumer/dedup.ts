import type { Delivery, Middleware } from "./types";

/**
 * Where a consumer remembers the event_ids it has processed. A service consumer backs
 * it with its own SQLite (`processed_events`, platform/sqlite/dedup.ts) behind one RPC per
 * call. Consumers without storage of their own (events, agent-commands) leave dedup to
 * their destinations: the tenant agent's `processed_events`, in the same transaction as
 * the change.
 */
export type DedupStore = {
  /** Of these ids, the ones already processed. */
  processed(ids: string[]): Promise<Set<string>>;
  /** Records ids whose handling succeeded. */
  remember(ids: string[]): Promise<void>;
};

/**
 * Skips messages already processed (and a second copy of one within the batch) as
 * duplicates, and remembers the ones the handler acked. Remembering after success
 * keeps a failed message retryable; a crash in between only means a redelivery, which
 * the handler must tolerate anyway (at-least-once).
 */
export function dedup(store: DedupStore): Middleware {
  return (next) => async (deliveries, ctx) => {
    const firsts = new Map<string, Delivery>();
    for (const d of deliveries) {
      if (!d.message || d.outcome) continue;
      if (firsts.has(d.message.event_id)) d.outcome = { status: "duplicate" };
      else firsts.set(d.message.event_id, d);
    }
    const done = await store.processed([...firsts.keys()]);
    for (const [id, d] of firsts) if (done.has(id)) d.outcome = { status: "duplicate" };
    await next(deliveries, ctx);
    const handled = [...firsts].filter(([, d]) => d.outcome?.status === "acked").map(([id]) => id);
    if (handled.length > 0) await store.remember(handled);
  };
}
