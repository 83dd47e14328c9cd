import { log } from "../../platform/log";
import { opsAgent } from "../agent-stubs";

/**
 * How long a registered tenant stays known to this isolate without asking the registry
 * again. Tenants are never unregistered; an archived one stays registered, and ingest
 * refuses its events from this cache (`archivedAmong`): another isolate may accept them
 * for up to this long (plus `REGISTRY_STALE_MS`), and the tenant's agent holds those
 * (agents/tenant/pause.ts), so nothing is lost.
 */
export const REGISTRY_TTL_MS = 60_000;

/**
 * How long past `REGISTRY_TTL_MS` a confirmation is still routed on while it is asked
 * again behind the request (stale while revalidating): a busy isolate's ids are
 * refreshed without a request or batch ever waiting on the OpsAgent. An isolate that
 * saw no traffic for this long asks before it routes.
 */
export const REGISTRY_STALE_MS = 10 * 60_000;

/** The isolate's memory of registered tenants: id → when to ask again. */
const known = new Map<string, number>();
/** The registered tenants the registry last said were archived (refreshed with `known`). */
const archived = new Set<string>();

/** The most ids the cache holds; past it, the oldest half is forgotten. */
const MAX_CACHED = 50_000;

/** Until when a refresh behind the requests is under way (one at a time per isolate). */
let revalidatingUntil = 0;
/** A refresh that took longer than this no longer holds the next one back. */
const REVALIDATE_BOUND_MS = 5_000;

/** Hands work that nothing waits for to the runtime (`waitUntil`). */
export type Background = (work: Promise<unknown>) => void;

/**
 * `unknown`: not registered. `unavailable`: not confirmed, because the registry could
 * not be asked (a transient answer: ingest says 503, the fan-out retries them later).
 * `asked`: whether this call went to the registry (waited for, or behind it).
 */
export type RegistryAnswer = { unknown: string[]; unavailable: string[]; asked: boolean };

/**
 * Of these tenant ids, the ones not registered. The ingest path and the fan-out ask this
 * for every request and batch; only ids this isolate has not confirmed in the last
 * `REGISTRY_TTL_MS` go to the registry (the OpsAgent), in one call. When every such id
 * was confirmed within `REGISTRY_STALE_MS` more and `background` is given, the answer
 * is the one known and the call runs behind it. An unknown id is never cached, so a
 * tenant registered a moment ago is found at once.
 */
export async function unknownTenants(
  env: Env,
  ids: readonly string[],
  options: { now?: number; background?: Background } = {},
): Promise<RegistryAnswer> {
  const now = options.now ?? Date.now();
  const misses = [...new Set(ids)].filter((id) => (known.get(id) ?? 0) <= now);
  if (misses.length === 0) return { unknown: [], unavailable: [], asked: false };
  const recent = misses.every((id) => (known.get(id) ?? 0) + REGISTRY_STALE_MS > now);
  if (recent && options.background) {
    if (revalidatingUntil > now) return { unknown: [], unavailable: [], asked: false };
    revalidatingUntil = now + REVALIDATE_BOUND_MS;
    options.background(
      confirm(env, misses, now)
        .catch(() => undefined)
        .finally(() => {
          revalidatingUntil = 0;
        }),
    );
    return { unknown: [], unavailable: [], asked: true };
  }
  try {
    return { unknown: await confirm(env, misses, now), unavailable: [], asked: true };
  } catch (error) {
    // The registry is out of reach. Tenants are never unregistered, so one this isolate
    // confirmed before is still registered: its traffic keeps flowing through the
    // outage. Only ids never confirmed here wait for the registry to come back.
    const unavailable = misses.filter((id) => !known.has(id));
    if (unavailable.length > 0) {
      log({
        level: "warn",
        msg: "tenant registry unavailable",
        unconfirmed: unavailable.length,
        error: String(error),
      });
    }
    return { unknown: [], unavailable, asked: true };
  }
}

/** Asks the registry about `ids`; remembers the registered ones, answers the others. */
async function confirm(env: Env, ids: readonly string[], now: number): Promise<string[]> {
  const answer = await opsAgent(env).tenantRegistryStatus([...ids]);
  const missing = new Set(answer.unknown);
  const archivedNow = new Set(answer.archived);
  if (known.size + ids.length > MAX_CACHED) forgetOldest();
  for (const id of ids) {
    known.delete(id);
    archived.delete(id);
    if (!missing.has(id)) known.set(id, now + REGISTRY_TTL_MS);
    if (archivedNow.has(id)) archived.add(id);
  }
  return answer.unknown;
}

/**
 * Of these tenant ids, the ones archived as far as this isolate knows: read after
 * `unknownTenants` confirmed them, so it asks nobody (ingest answers 409 for them).
 */
export function archivedAmong(ids: readonly string[]): string[] {
  return [...new Set(ids)].filter((id) => archived.has(id));
}

/** Records a status this isolate has just set (pause, resume, archive), so it holds here at once. */
export function rememberTenantStatus(id: string, status: "active" | "paused" | "archived"): void {
  if (status === "archived") archived.add(id);
  else archived.delete(id);
}

/**
 * How long this isolate answers anonymous readers (`/sites`) from its copy of the whole
 * registry. A tenant registered through another isolate may read as unknown there for
 * this long; it has nothing published that early.
 */
export const DIRECTORY_TTL_MS = 15_000;

/** How long one refresh of the copy may take before another request tries again. */
const DIRECTORY_REFRESH_MS = 5_000;

/** The isolate's copy of every registered id, for readers: a miss in it asks nobody. */
let directory: { ids: Set<string>; until: number } | null = null;
let refreshingUntil = 0;

/**
 * Whether a tenant is registered, for requests anyone can send (the published sites):
 * an id is looked up in the isolate's copy of the registry, which is fetched from the
 * OpsAgent at most once per `DIRECTORY_TTL_MS`, so a flood of made-up ids costs the
 * OpsAgent nothing. While one request refreshes a stale copy, the others use it as is.
 * `asked` says whether this call went to the OpsAgent.
 */
export async function isRegisteredTenant(
  env: Env,
  id: string,
  now: number = Date.now(),
): Promise<{ registered: boolean; asked: boolean }> {
  if ((known.get(id) ?? 0) > now) return { registered: true, asked: false };
  if (directory && (directory.until > now || refreshingUntil > now)) {
    return { registered: directory.ids.has(id), asked: false };
  }
  refreshingUntil = now + DIRECTORY_REFRESH_MS;
  try {
    const tenants = await opsAgent(env).listTenants();
    directory = { ids: new Set(tenants.map((t) => t.id)), until: now + DIRECTORY_TTL_MS };
  } finally {
    refreshingUntil = 0;
  }
  return { registered: directory.ids.has(id), asked: true };
}

/**
 * Records a tenant this isolate has just registered in its copy for readers, so its
 * site is found here at once. (Ingest and the fan-out still confirm it themselves.)
 */
export function rememberTenant(id: string): void {
  directory?.ids.add(id);
}

/** Forgets every cached tenant (tests that change the registry behind the cache's back). */
export function forgetRegistry(): void {
  known.clear();
  archived.clear();
  revalidatingUntil = 0;
  directory = null;
  refreshingUntil = 0;
}

function forgetOldest(): void {
  // Map iteration is insertion order: the first half holds the oldest confirmations.
  let drop = Math.floor(known.size / 2);
  for (const id of known.keys()) {
    if (drop-- <= 0) break;
    known.delete(id);
    archived.delete(id);
  }
}
