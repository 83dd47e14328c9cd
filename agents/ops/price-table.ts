/**
 * Cloudflare list prices (Workers Paid plan, USD, beyond the included usage), the one
 * table every cost figure in this project is computed from. Taken on 2026-11-22 from:
 * - https://developers.cloudflare.com/queues/platform/pricing/
 * - https://developers.cloudflare.com/durable-objects/platform/pricing/
 * - https://developers.cloudflare.com/workers/platform/pricing/
 * Durable Object duration ($12.50 per million GB-s) is left out: it depends on how long
 * objects stay in memory, not on the work per event, and is not metered here.
 */
export const PRICES = {
  taken_on: "2026-11-22",
  sources: [
    "https://developers.cloudflare.com/queues/platform/pricing/",
    "https://developers.cloudflare.com/durable-objects/platform/pricing/",
    "https://developers.cloudflare.com/workers/platform/pricing/",
  ],
  usd_per_million: {
    /** Each 64 KB written, read or deleted is one operation; a retry is another read. */
    queue_operations: 0.4,
    /** Every call to a Durable Object (RPC, fetch, alarm). */
    do_requests: 0.15,
    sqlite_rows_read: 0.001,
    sqlite_rows_written: 1.0,
    /** HTTP requests and queue consumer invocations. */
    worker_requests: 0.3,
  },
  excluded: ["Durable Objects duration ($12.50 per million GB-s)", "Workers CPU time"],
} as const;

/** The billable operations the meter prices. */
export type PricedOperation = keyof typeof PRICES.usd_per_million;
