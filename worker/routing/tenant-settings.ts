import type { SqlUsage } from "../../agents/shared/sql-meter";
import type { TenantSettings } from "../../events";
import { opsAgent } from "../agent-stubs";

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
 * isolate's routing within this time.
 */
export const SETTINGS_TTL_MS = 10_000;

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
 * `SETTINGS_TTL_MS`. When the OpsAgent cannot answer, settings seen before are used as
 * they were (a change waits for it to come back); tenants never seen are `unavailable`.
 */
export async function loadTenantSettings(
  env: Env,
  tenantIds: readonly string[],
  now: number = Date.now(),
): Promise<TenantSettingsLookup> {
  const unique = [...new Set(tenantIds)];
  const settings = new Map<string, TenantSettings>();
  const misses: string[] = [];
  for (const id of unique) {
    const entry = cached.get(id);
    if (entry && entry.until > now) settings.set(id, entry.settings);
    else misses.push(id);
  }
  if (misses.length === 0) return { settings, usage: noUsage(), asked: false, unavailable: [] };
  try {
    const found = await opsAgent(env).tenantSettings(misses);
    if (cached.size + misses.length > MAX_CACHED) forgetOldest();
    for (const [id, value] of Object.entries(found.settings)) {
      settings.set(id, value);
      cached.delete(id);
      cached.set(id, { settings: value, until: now + SETTINGS_TTL_MS });
    }
    return { settings, usage: found.usage, asked: true, unavailable: [] };
  } catch (error) {
    const unavailable: string[] = [];
    for (const id of misses) {
      const stale = cached.get(id);
      if (stale) settings.set(id, stale.settings);
      else unavailable.push(id);
    }
    console.error(
      JSON.stringify({
        level: "warn",
        msg: "tenant settings unavailable; using the last known",
        unknown_yet: unavailable.length,
        error: String(error),
      }),
    );
    return { settings, usage: noUsage(), asked: true, unavailable };
  }
}

/** Forgets every cached setting (tests that change settings behind the cache's back). */
export function forgetTenantSettings(): void {
  cached.clear();
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
