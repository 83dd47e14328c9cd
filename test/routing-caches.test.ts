import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  forgetRegistry,
  REGISTRY_STALE_MS,
  REGISTRY_TTL_MS,
  unknownTenants,
} from "../worker/routing/tenant-registry";
import {
  forgetTenantSettings,
  loadTenantSettings,
  SETTINGS_STALE_MS,
  SETTINGS_TTL_MS,
} from "../worker/routing/tenant-settings";
import { createTenant, uniqueTenant } from "./support/api";

/**
 * The isolate's tenant registry and settings caches refresh a little old answer behind
 * the request or batch (stale while revalidating), so nothing on the event path waits
 * for the OpsAgent once a tenant is known. Time is passed in; nothing here sleeps.
 */

/** A `background` that keeps the work, so a test can see it and wait for it. */
function collector() {
  const work: Promise<unknown>[] = [];
  return {
    background: (p: Promise<unknown>) => {
      work.push(p);
    },
    work,
    settle: () => Promise.all(work),
  };
}

const ops = () => env.OPS_AGENT.getByName("main");

beforeEach(() => {
  forgetRegistry();
  forgetTenantSettings();
});

describe("the tenant registry cache", () => {
  it("routes on a little old confirmation and confirms it again behind the request", async () => {
    // Given a tenant this isolate confirmed at t0
    const tenant = await createTenant(uniqueTenant("swr"));
    const t0 = 1_000_000;
    expect(await unknownTenants(env, [tenant], { now: t0 })).toEqual({
      unknown: [],
      unavailable: [],
      asked: true,
    });

    // When it is asked about just past its time to live, twice at once
    const later = t0 + REGISTRY_TTL_MS + 1;
    const bg = collector();
    const first = await unknownTenants(env, [tenant], { now: later, ...bg });
    const second = await unknownTenants(env, [tenant], { now: later, ...bg });

    // Then both answer "registered" at once; one refresh runs behind them, not two,
    expect(first).toEqual({ unknown: [], unavailable: [], asked: true });
    expect(second).toEqual({ unknown: [], unavailable: [], asked: false });
    expect(bg.work).toHaveLength(1);
    // and once it is done the tenant is fresh again: the next ask costs no call.
    await bg.settle();
    expect((await unknownTenants(env, [tenant], { now: later + 1, ...bg })).asked).toBe(false);
    expect(bg.work).toHaveLength(1);
  });

  it("waits for the registry for ids never confirmed, or confirmed too long ago", async () => {
    // Given a tenant confirmed at t0, and a made-up id
    const tenant = await createTenant(uniqueTenant("swr-old"));
    const madeUp = uniqueTenant("swr-nobody");
    const t0 = 2_000_000;
    await unknownTenants(env, [tenant], { now: t0 });
    const bg = collector();

    // When the made-up id comes with it, the answer waits and names it unknown
    const mixed = await unknownTenants(env, [tenant, madeUp], { now: t0 + 1, ...bg });
    expect(mixed).toEqual({ unknown: [madeUp], unavailable: [], asked: true });

    // and when the confirmation is older than the stale window, it is asked for first.
    const long = t0 + REGISTRY_TTL_MS + REGISTRY_STALE_MS + 1;
    expect(await unknownTenants(env, [tenant], { now: long, ...bg })).toEqual({
      unknown: [],
      unavailable: [],
      asked: true,
    });
    expect(bg.work).toHaveLength(0);
  });
});

describe("the tenant settings cache", () => {
  it("routes one batch on the old settings after a change, then on the new", async () => {
    // Given a tenant's settings cached at t0
    const tenant = await createTenant(uniqueTenant("swr-settings"));
    const t0 = 3_000_000;
    const before = await loadTenantSettings(env, [tenant], { now: t0 });
    expect(before.settings.get(tenant)).toEqual({ social_enabled: true });

    // When its settings change at the OpsAgent, and a batch asks past the time to live
    await ops().setTenantSettings(tenant, { social_enabled: false });
    const later = t0 + SETTINGS_TTL_MS + 1;
    const bg = collector();
    const stale = await loadTenantSettings(env, [tenant], { now: later, ...bg });

    // Then that batch routes on the settings it had, without waiting,
    expect(stale.settings.get(tenant)).toEqual({ social_enabled: true });
    expect(bg.work).toHaveLength(1);
    // and once the refresh behind it is done, the next batch has the change at no cost.
    await bg.settle();
    const fresh = await loadTenantSettings(env, [tenant], { now: later + 1, ...bg });
    expect(fresh.settings.get(tenant)).toEqual({ social_enabled: false });
    expect(fresh.asked).toBe(false);
  });

  it("asks before routing when the settings are older than the stale window", async () => {
    // Given settings cached at t0 and changed since
    const tenant = await createTenant(uniqueTenant("swr-settings-old"));
    const t0 = 4_000_000;
    await loadTenantSettings(env, [tenant], { now: t0 });
    await ops().setTenantSettings(tenant, { social_enabled: false });

    // When a batch asks long after, then it waits for the new settings.
    const bg = collector();
    const long = t0 + SETTINGS_TTL_MS + SETTINGS_STALE_MS + 1;
    const lookup = await loadTenantSettings(env, [tenant], { now: long, ...bg });
    expect(lookup.settings.get(tenant)).toEqual({ social_enabled: false });
    expect(lookup.asked).toBe(true);
    expect(bg.work).toHaveLength(0);
  });
});
