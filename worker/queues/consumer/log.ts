import type { Delivery, Middleware } from "./types";

/**
 * Structured JSON logs: one line per message that was retried or dead-lettered, with
 * its event_id, type, tenant_id and correlation_id (read from the body even when it did
 * not parse), and one summary line per batch.
 */
export const log: Middleware = (next) => async (deliveries, ctx) => {
  const started = ctx.deps.now();
  await next(deliveries, ctx);
  const tally = { acked: 0, duplicates: 0, retried: 0, dead_lettered: 0 };
  for (const d of deliveries) {
    if (d.disposition === "acked") tally.acked++;
    else if (d.disposition === "duplicate") tally.duplicates++;
    else {
      if (d.disposition === "retried") tally.retried++;
      else tally.dead_lettered++;
      ctx.deps.log({
        level: d.disposition === "retried" ? "warn" : "error",
        msg: d.disposition === "retried" ? "message retried" : "message dead-lettered",
        queue: ctx.queue,
        ...identify(d),
        attempts: d.raw.attempts,
        reason: d.reason ?? null,
        ...(d.delaySeconds === undefined ? {} : { delay_seconds: d.delaySeconds }),
      });
    }
  }
  ctx.deps.log({
    level: "info",
    msg: "batch",
    queue: ctx.queue,
    size: deliveries.length,
    ...tally,
    ms: ctx.deps.now() - started,
  });
};

/** The envelope fields that identify a message, from the parsed message or the raw body. */
export function identify(d: Delivery): {
  event_id: string | null;
  type: string | null;
  tenant_id: string | null;
  correlation_id: string | null;
} {
  const source: unknown = d.message ?? d.body;
  const field = (name: string): string | null => {
    if (typeof source !== "object" || source === null || !Object.hasOwn(source, name)) return null;
    const value = (source as Record<string, unknown>)[name];
    return typeof value === "string" ? value.slice(0, 128) : null;
  };
  return {
    event_id: field("event_id"),
    type: field("type"),
    tenant_id: field("tenant_id"),
    correlation_id: field("correlation_id"),
  };
}
