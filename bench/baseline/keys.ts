/** Names the fair baseline's ingest server and worker share in Redis. */
export const QUEUE = "baseline-events";
export const TENANTS = "baseline:tenants";
/** Totals since start, read by the bench's one cheap completion poll. */
export const SETTLED = "baseline:settled";
export const DUPLICATES = "baseline:duplicates";
export const DEAD_LETTERED = "baseline:dead-lettered";

export const dedupKey = (tenant: string, eventId: string) => `dedup:${tenant}:${eventId}`;
export const counterKey = (tenant: string) => `tenant:${tenant}`;
export const logKey = (tenant: string) => `log:${tenant}`;

/** One applied event in a tenant's log (a Redis list, oldest first). */
export type LogEntry = { event_id: string; type: string; timestamp: string; applied_at: string };

/** How long a dedup id is kept: the platform keeps its dedup rows as long. */
export const DEDUP_TTL_SECONDS = 7 * 24 * 60 * 60;

export const redisPort = () => Number(process.env.REDIS_PORT ?? 6379);
