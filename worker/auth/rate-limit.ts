import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../http/problem";
import { TokenBuckets } from "./token-bucket";

// One set of buckets per isolate and configuration (the env is the same for a deployment).
const bucketsByConfig = new Map<string, TokenBuckets>();

function bucketsFor(env: Env): TokenBuckets {
  const ratePerSecond = positive(env.INGEST_RATE_PER_SECOND, 50);
  const burst = positive(env.INGEST_BURST, 100);
  const key = `${ratePerSecond}/${burst}`;
  let buckets = bucketsByConfig.get(key);
  if (!buckets) {
    buckets = new TokenBuckets({ ratePerSecond, burst });
    bucketsByConfig.set(key, buckets);
  }
  return buckets;
}

function positive(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/**
 * Limits requests per token subject (INGEST_RATE_PER_SECOND, INGEST_BURST): 429 with
 * `Retry-After` when the caller's bucket is empty. Runs after `authorize`, which sets the
 * caller; it counts requests, not messages (a request's cost is mostly per request).
 */
export function rateLimitPerCaller(): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const { caller } = c.get("auth");
    const taken = bucketsFor(c.env).take(`${caller.role}:${caller.subject}`);
    if (!taken.ok) {
      throw new ProblemError(
        429,
        "rate-limited",
        "Too many requests",
        `This token has sent too many requests; try again in ${taken.retryAfterSeconds} s.`,
        undefined,
        { "retry-after": String(taken.retryAfterSeconds) },
      );
    }
    return next();
  };
}

// Per tenant, per isolate: events a tenant's messages may bring in, and the writes a
// tenant's console (or a script with its token) may make.
const tenantBucketsByConfig = new Map<string, TokenBuckets>();

function tenantBuckets(kind: string, ratePerSecond: number, burst: number): TokenBuckets {
  const key = `${kind}:${ratePerSecond}/${burst}`;
  let buckets = tenantBucketsByConfig.get(key);
  if (!buckets) {
    buckets = new TokenBuckets({ ratePerSecond, burst });
    tenantBucketsByConfig.set(key, buckets);
  }
  return buckets;
}

function tooMany(detail: string, retryAfterSeconds: number): ProblemError {
  return new ProblemError(429, "rate-limited", "Too many requests", detail, undefined, {
    "retry-after": String(retryAfterSeconds),
  });
}

/**
 * Events per tenant (TENANT_EVENTS_PER_SECOND, TENANT_EVENTS_BURST; 1,000/s and 5,000 by
 * default): however many tokens send for a tenant, its events come in at this rate, so
 * one tenant's flood cannot fill the shared queue ahead of everyone else's. Throws 429
 * naming the tenant, with `Retry-After`; a refused request takes nothing from any bucket
 * (each tenant's share is checked before any is taken).
 */
export function limitEventsPerTenant(env: Env, tenantIds: readonly string[]): void {
  const buckets = tenantBuckets(
    "events",
    positive(env.TENANT_EVENTS_PER_SECOND, 1000),
    positive(env.TENANT_EVENTS_BURST, 5000),
  );
  const counts = new Map<string, number>();
  for (const id of tenantIds) counts.set(id, (counts.get(id) ?? 0) + 1);
  for (const [tenant, count] of counts) {
    const taken = buckets.takeMany(tenant, count);
    if (!taken.ok)
      throw tooMany(
        `Tenant ${tenant} is sending events faster than its share; try again in ${taken.retryAfterSeconds} s. Nothing was accepted.`,
        taken.retryAfterSeconds,
      );
  }
}

/**
 * Writes a tenant's console can make (a cycle, a strategy change, a run action): at
 * most TENANT_ACTIONS_PER_MINUTE (30 by default, burst 10) per tenant and kind, so a
 * script cannot start cycles or rewrite the strategy in a loop.
 */
export function rateLimitTenantAction(
  kind: "cycle" | "strategy" | "run-action",
): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const perMinute = positive(c.env.TENANT_ACTIONS_PER_MINUTE, 30);
    const buckets = tenantBuckets(kind, perMinute / 60, Math.min(10, perMinute));
    const taken = buckets.take(c.req.param("id") ?? "");
    if (!taken.ok)
      throw tooMany(
        `Too many ${kind} requests for this tenant; try again in ${taken.retryAfterSeconds} s.`,
        taken.retryAfterSeconds,
      );
    return next();
  };
}
