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
