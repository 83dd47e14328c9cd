import type { TenantSettings } from "../../events";
import { log } from "../../platform/log";
import type { SqlUsage } from "../../platform/sqlite/sql-meter";
import { opsAgent } from "../agent-stubs";
import type { Background } from "./tenant-registry";

/**
 * Settings by tenant id (registered tenants only), the SQLite rows the lookup cost,
 * whether it asked the OpsAgent, and the ids whose settings could not be had (the
 * OpsAgent out of reach and nothing known of them yet: their messages are retried).
 */
export type TenantSettingsLookup = {
  settings: Map<string, TenantSettings>;
  usage: SqlUsage;
  asked: boolean;
  unavailable: string[];
};

/**
 * How long this isolate uses a tenant's settings without asking again: the invalidation
 * rule is that a change (a strategy write pushes it to the OpsAgent) reaches every
 * isolate's routing within this time, plus the one batch that still routes on the old
 * settings while they are asked again (`SETTINGS_STALE_MS`).
 */
export const SETTINGS_TTL_MS = 10_000;

/**
 * How long past `SETTINGS_TTL_MS` settings are still routed on while they are asked
 * again behind the batch, so no batch waits on the OpsAgent to refresh them. Settings
 * older than this (a tenant quiet for a minute) are asked before routing.
 */
export const SETTINGS_STALE_MS = 60_000;

/** Until when a refresh behind the batches is under way (one at a time per isolate). */
let revalidatingUntil = 0;
const REVALIDATE_BOUND_MS = 5_000;

/** The most tenants whose settings an isolate keeps; past it, the oldest half goes. */
const MAX_CACHED = 50_000;

const cached = new Map<string, { settings: TenantSettings; until: number }>();

/**
 * The seam between routing and tenant configuration: the settings route predicates
 * read, for the tenants of one batch, in at most one lookup. A tenant missing from the
 * result (and not `unavailable`) is not registered.
 *
 * The OpsAgent answers from its `tenant_settings` table (defaults for a tenant that
 * never set any); tenant agents push their settings there when their strategy changes.
 * The fan-out asks only for the tenants of messages whose routes read settings (see
 * `readsSettings`), and only for those this isolate has not looked up in the last
 * `SETTINGS_TTL_MS`; when all of those are younger than `SETTINGS_STALE_MS` more and
 * `background` is given, they are used while the call runs behind the batch. When the
 * OpsAgent cannot answer, settings seen before are used as they were (a change waits for
 * it to come back); tenants never seen are `unavailable`.
 */
export async function loadTenantSettings(
  env: Env,
  tenantIds: readonly string[],
  options: { now?: number; background?: Background } = {},
): Promise<TenantSettingsLookup> {
  const now = options.now ?? Date.now();
  const unique = [...new Set(tenantIds)];
  const settings = new Map<string, TenantSettings>();
  const misses: string[] = [];
  const stale: string[] = [];
  for (const id of unique) {
    const entry = cached.get(id);
    if (entry && entry.until > now) settings.set(id, entry.settings);
    else if (entry && entry.until + SETTINGS_STALE_MS > now) {
      settings.set(id, entry.settings);
      stale.push(id);
    } else misses.push(id);
  }
  if (misses.length === 0 && stale.length === 0) {
    return { settings, usage: noUsage(), asked: false, unavailable: [] };
  }
  if (misses.length === 0 && options.background) {
    // Every setting is a little old: route on it, and ask again behind the batch.
    if (revalidatingUntil > now) {
      return { settings, usage: noUsage(), asked: false, unavailable: [] };
    }
    revalidatingUntil = now + REVALIDATE_BOUND_MS;
    options.background(
      fetchSettings(env, stale, now)
        .catch(() => undefined)
        .finally(() => {
          revalidatingUntil = 0;
        }),
    );
    return { settings, usage: noUsage(), asked: true, unavailable: [] };
  }
  // Some must be asked for anyway: the little old ones go in the same call.
  misses.push(...stale);
  try {
    const found = await fetchSettings(env, misses, now);
    for (const [id, value] of found.settings) settings.set(id, value);
    return { settings, usage: found.usage, asked: true, unavailable: [] };
  } catch (error) {
    const unavailable: string[] = [];
    for (const id of misses) {
      const known = cached.get(id);
      if (known) settings.set(id, known.settings);
      else unavailable.push(id);
    }
    log({
      level: "warn",
      msg: "tenant settings unavailable; using the last known",
      unknown_yet: unavailable.length,
      error: String(error),
    });
    return { settings, usage: noUsage(), asked: true, unavailable };
  }
}

/** Asks the OpsAgent for these tenants' settings and caches what it answers. */
async function fetchSettings(
  env: Env,
  ids: readonly string[],
  now: number,
): Promise<{ settings: Map<string, TenantSettings>; usage: SqlUsage }> {
  const found = await opsAgent(env).tenantSettings([...ids]);
  if (cached.size + ids.length > MAX_CACHED) forgetOldest();
  const settings = new Map<string, TenantSettings>();
  for (const [id, value] of Object.entries(found.settings)) {
    settings.set(id, value);
    cached.delete(id);
    cached.set(id, { settings: value, until: now + SETTINGS_TTL_MS });
  }
  return { settings, usage: found.usage };
}

/** Forgets every cached setting (tests that change settings behind the cache's back). */
export function forgetTenantSettings(): void {
  cached.clear();
  revalidatingUntil = 0;
}

function noUsage(): SqlUsage {
  return { rows_read: 0, rows_written: 0 };
}

function forgetOldest(): void {
  // Map iteration is insertion order, and a refresh re-inserts: the first half is oldest.
  let drop = Math.floor(cached.size / 2);
  for (const id of cached.keys()) {
    if (drop-- <= 0) break;
    cached.delete(id);
  }
}
