/**
 * The benchmark's traffic: events spread over many tenants as real traffic is (each
 * batch mixes tenants), with a share of exact redeliveries (the same event_id again).
 * Seeded, so every run sends the same sequence.
 */
export type BenchEvent = {
  event_id: string;
  type: "social.posted";
  source: "social";
  tenant_id: string;
  timestamp: string;
  payload: { content_id: string; post_ids: string[] };
};

export type Workload = {
  tenants: string[];
  events: BenchEvent[];
  unique: number;
  duplicates: number;
};

/** A small, fast, seeded PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function tenantIds(count: number, prefix: string): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}-${String(i).padStart(4, "0")}`);
}

/**
 * `unique` distinct events, plus `duplicateShare` of that again as redeliveries of
 * earlier events, interleaved. Timestamps are filled in at send time.
 */
export function buildWorkload(
  tenants: string[],
  unique: number,
  duplicateShare: number,
  seed = 42,
): Workload {
  const random = prng(seed);
  const originals: BenchEvent[] = [];
  const events: BenchEvent[] = [];
  let duplicates = 0;
  for (let i = 0; i < unique; i++) {
    const tenant = tenants[Math.floor(random() * tenants.length)] ?? tenants[0] ?? "t";
    const event: BenchEvent = {
      event_id: crypto.randomUUID(),
      // A fact every tenant agent applies (dedup, log, counters) without further work,
      // so the figures are the event path's own.
      type: "social.posted",
      source: "social",
      tenant_id: tenant,
      timestamp: "",
      payload: { content_id: `c-${i}`, post_ids: [`p-${i}`] },
    };
    originals.push(event);
    events.push(event);
    if (random() < duplicateShare && originals.length > 1) {
      const earlier = originals[Math.floor(random() * originals.length)];
      if (earlier) {
        events.push({ ...earlier });
        duplicates++;
      }
    }
  }
  return { tenants, events, unique, duplicates };
}

/**
 * One event per tenant, sent before the clock starts and left out of every figure: it
 * wakes each tenant's agent through the real event path, and it makes each agent hand
 * the meter what its setup used, so none of that is billed to the scenario.
 */
export function primerEvents(tenants: readonly string[]): BenchEvent[] {
  return tenants.map((tenant, i) => ({
    event_id: crypto.randomUUID(),
    type: "social.posted",
    source: "social",
    tenant_id: tenant,
    timestamp: "",
    payload: { content_id: `primer-${i}`, post_ids: [`primer-${i}`] },
  }));
}
