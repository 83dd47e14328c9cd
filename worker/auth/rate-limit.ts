import type { MiddlewareHandler } from "hono";
import { ProblemError } from "../../platform/http/problem";
import { type TakeResult, TokenBuckets } from "../../platform/limits/token-bucket";

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

/**
 * A request refused because its tenant is past its share (not a token's own rate): the
 * app counts these per tenant into the metrics (`tenant_held_by_quota` alerts read them).
 */
export class QuotaRefusal extends ProblemError {
  constructor(
    readonly tenant: string,
    detail: string,
    retryAfterSeconds: number,
  ) {
    super(429, "rate-limited", "Too many requests", detail, undefined, {
      "retry-after": String(retryAfterSeconds),
    });
  }
}

/**
 * Events per tenant (TENANT_EVENTS_PER_SECOND, TENANT_EVENTS_BURST; 1,000/s and 5,000 by
 * default): however many tokens send for a tenant, its events come in at this rate, so
 * one tenant's flood cannot fill the shared queue ahead of everyone else's. Throws 429
 * naming the tenant, with `Retry-After`; a refused request takes nothing from any bucket
 * (each tenant's share is checked before any is taken).
 */
export function limitEventsPerTenant(env: Env, tenantIds: readonly string[]): void {
  const buckets = eventBuckets(env);
  const counts = countBy(tenantIds);
  // Every share checked first, then taken: a refused request takes nothing.
  for (const [tenant, count] of counts) refuseUnless(tenant, buckets.peek(tenant, count));
  for (const [tenant, count] of counts) refuseUnless(tenant, buckets.takeMany(tenant, count));
}

/**
 * The same check before the request is validated, on the tenant ids it names (whatever
 * else is wrong with it), taking nothing: a tenant over its share is refused for the
 * price of parsing the JSON, not of validating every envelope. A flood of refused
 * requests then costs little of the thread everyone's events share.
 */
export function precheckEventsPerTenant(env: Env, items: readonly unknown[]): void {
  const ids: string[] = [];
  for (const item of items) {
    const id = (item as { tenant_id?: unknown } | null)?.tenant_id;
    if (typeof id === "string") ids.push(id);
  }
  const buckets = eventBuckets(env);
  for (const [tenant, count] of countBy(ids)) refuseUnless(tenant, buckets.peek(tenant, count));
}

/**
 * For a tenant's own token, before its body is read: is there room for one event, and
 * (all a tenant's token may send is `cycle.requested`) for one cycle?
 */
export function precheckTenantCaller(env: Env, tenant: string): void {
  refuseUnless(tenant, eventBuckets(env).peek(tenant, 1));
  const cycles = actionBuckets(env, "cycle").peek(tenant, 1);
  if (!cycles.ok)
    throw new QuotaRefusal(
      tenant,
      `Too many cycle requests for tenant ${tenant}; try again in ${cycles.retryAfterSeconds} s. Nothing was accepted.`,
      cycles.retryAfterSeconds,
    );
}

function eventBuckets(env: Env): TokenBuckets {
  return tenantBuckets(
    "events",
    positive(env.TENANT_EVENTS_PER_SECOND, 1000),
    positive(env.TENANT_EVENTS_BURST, 5000),
  );
}

function refuseUnless(tenant: string, taken: TakeResult): void {
  if (!taken.ok)
    throw new QuotaRefusal(
      tenant,
      `Tenant ${tenant} is sending events faster than its share; try again in ${taken.retryAfterSeconds} s. Nothing was accepted.`,
      taken.retryAfterSeconds,
    );
}

function countBy(ids: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * Writes a tenant's console can make (a cycle, a strategy change, a run action), and the
 * strategy preview (a read, but one that decides over the agent's research): at most
 * TENANT_ACTIONS_PER_MINUTE (30 by default, burst 10) per tenant and kind, so a script
 * cannot start cycles or rewrite the strategy in a loop. Previews have a bucket of their
 * own, so an editor previewing as it types never uses up the saves.
 */
export function rateLimitTenantAction(kind: TenantAction): MiddlewareHandler<{ Bindings: Env }> {
  return async (c, next) => {
    const tenant = c.req.param("id") ?? "";
    const taken = actionBuckets(c.env, kind).take(tenant);
    if (!taken.ok)
      throw new QuotaRefusal(
        tenant,
        `Too many ${kind} requests for this tenant; try again in ${taken.retryAfterSeconds} s.`,
        taken.retryAfterSeconds,
      );
    return next();
  };
}

type TenantAction = "cycle" | "strategy" | "strategy-preview" | "run-action";

function actionBuckets(env: Env, kind: TenantAction) {
  const perMinute = positive(env.TENANT_ACTIONS_PER_MINUTE, 30);
  return tenantBuckets(kind, perMinute / 60, Math.min(10, perMinute));
}

/**
 * Cycles asked for through ingest (`cycle.requested`) share a tenant's cycle quota with
 * `POST /api/tenants/:id/cycle`: a cycle costs a decision, commands and a feed entry,
 * so a tenant (or a service) cannot buy a thousand of them a second with the event
 * quota. Throws 429 naming the tenant; operators are not limited here.
 */
export function limitCyclesPerTenant(
  env: Env,
  messages: readonly { type: string; tenant_id: string }[],
): void {
  const counts = new Map<string, number>();
  for (const m of messages)
    if (m.type === "cycle.requested") counts.set(m.tenant_id, (counts.get(m.tenant_id) ?? 0) + 1);
  if (counts.size === 0) return;
  const buckets = actionBuckets(env, "cycle");
  const refuse = (tenant: string, taken: TakeResult) => {
    if (!taken.ok)
      throw new QuotaRefusal(
        tenant,
        `Too many cycle requests for tenant ${tenant}; try again in ${taken.retryAfterSeconds} s. Nothing was accepted.`,
        taken.retryAfterSeconds,
      );
  };
  for (const [tenant, count] of counts) refuse(tenant, buckets.peek(tenant, count));
  for (const [tenant, count] of counts) refuse(tenant, buckets.takeMany(tenant, count));
}
