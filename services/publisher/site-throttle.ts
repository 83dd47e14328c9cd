import type { MiddlewareHandler } from "hono";
import { ProblemError, problemResponse, toProblem } from "../../platform/http/problem";
import type { BucketOptions, TokenBuckets } from "../../platform/limits/token-bucket";
import { PAGE_HEADERS } from "./render";

/**
 * What one reader may fetch from the published sites: a burst of 60 pages, then 2 a
 * second. A person reading never notices; a client hammering made-up addresses does.
 */
export const SITE_READ_LIMIT: BucketOptions = { burst: 60, ratePerSecond: 2 };

/**
 * Limits page requests per client address (`CF-Connecting-IP`, set by Cloudflare):
 * 429 problem+json with `Retry-After` when the client's bucket is empty, before any
 * lookup. The buckets are per isolate, like the ingest limit's (docs/SECURITY.md).
 */
export function throttleReaders(buckets: TokenBuckets): MiddlewareHandler {
  return async (c, next) => {
    const taken = buckets.take(clientKey(c.req.header("cf-connecting-ip")));
    if (taken.ok) return next();
    const { "content-type": _html, ...pageHeaders } = PAGE_HEADERS;
    const limited = new ProblemError(
      429,
      "rate-limited",
      "Too many requests",
      `This client has asked for too many pages; try again in ${taken.retryAfterSeconds} s.`,
    );
    return problemResponse(toProblem(limited), {
      ...pageHeaders,
      "retry-after": String(taken.retryAfterSeconds),
    });
  };
}

/**
 * The bucket a client is counted in: its IPv4 address, or the /64 prefix of its IPv6
 * one (a single client usually holds a whole /64, so counting addresses would let it
 * pick a fresh one per request). Clients without an address share one bucket.
 */
export function clientKey(address: string | undefined): string {
  const value = (address ?? "").trim().toLowerCase().slice(0, 64);
  if (!value) return "no-address";
  if (!value.includes(":")) return value;
  // IPv4-mapped IPv6 (::ffff:192.0.2.1) counts as the IPv4 address.
  if (value.includes(".")) return value.slice(value.lastIndexOf(":") + 1);
  const [head = "", tail] = value.split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? 0 : Math.max(0, 8 - left.length - right.length);
  const groups = [...left, ...Array<string>(zeros).fill("0"), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ""))
    .join(":")}::/64`;
}
