import { opsAgent } from "../agent-stubs";

/**
 * How long a registered tenant stays known to this isolate without asking the registry
 * again. Tenants are never unregistered today; when archiving lands it must either wait
 * this long before it stops deliveries or tell the isolates another way.
 */
export const REGISTRY_TTL_MS = 60_000;

/** The isolate's memory of registered tenants: id → when to ask again. */
const known = new Map<string, number>();

/** The most ids the cache holds; past it, the oldest half is forgotten. */
const MAX_CACHED = 50_000;

/**
 * Of these tenant ids, the ones not registered. The ingest path and the fan-out ask this
 * for every request and batch; only ids this isolate has not confirmed in the last
 * `REGISTRY_TTL_MS` go to the registry (the OpsAgent), in one call. An unknown id is
 * never cached, so a tenant registered a moment ago is found at once.
 */
export async function unknownTenants(
  env: Env,
  ids: readonly string[],
  now: number = Date.now(),
): Promise<{ unknown: string[]; asked: boolean }> {
  const misses = [...new Set(ids)].filter((id) => (known.get(id) ?? 0) <= now);
  if (misses.length === 0) return { unknown: [], asked: false };
  const unknown = await opsAgent(env).unknownTenants(misses);
  const missing = new Set(unknown);
  if (known.size + misses.length > MAX_CACHED) forgetOldest();
  for (const id of misses) if (!missing.has(id)) known.set(id, now + REGISTRY_TTL_MS);
  return { unknown, asked: true };
}

/** Forgets every cached tenant (tests that change the registry behind the cache's back). */
export function forgetRegistry(): void {
  known.clear();
}

function forgetOldest(): void {
  // Map iteration is insertion order: the first half holds the oldest confirmations.
  let drop = Math.floor(known.size / 2);
  for (const id of known.keys()) {
    if (drop-- <= 0) break;
    known.delete(id);
  }
}
