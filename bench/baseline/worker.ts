/**
 * The fair baseline's consumer: a BullMQ worker in its own process. Per event it dedupes
 * with SET NX (per tenant and event id, kept as long as the platform keeps its dedup
 * rows), then, in one MULTI, counts the event on the tenant (HINCRBY) and appends it
 * with its applied time to the tenant's log, so the bench reads latencies and checks
 * every id the same way it does on the platform. Answers /health once it consumes.
 */
import { createServer } from "node:http";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import type { Message } from "../../events";
import {
  counterKey,
  DEAD_LETTERED,
  DEDUP_TTL_SECONDS,
  DUPLICATES,
  dedupKey,
  type LogEntry,
  logKey,
  QUEUE,
  redisPort,
  SETTLED,
} from "./keys";

/** The better of the two concurrencies the bare BullMQ figure tries (10 and 50). */
const CONCURRENCY = Number(process.env.BASELINE_CONCURRENCY ?? 50);

const connection = { host: "127.0.0.1", port: redisPort(), maxRetriesPerRequest: null };
const redis = new Redis(connection);

async function apply(event: Message): Promise<void> {
  const tenant = event.tenant_id;
  const fresh = await redis.set(
    dedupKey(tenant, event.event_id),
    "1",
    "EX",
    DEDUP_TTL_SECONDS,
    "NX",
  );
  if (fresh === null) {
    await redis
      .multi()
      .hincrby(counterKey(tenant), "duplicates", 1)
      .incr(DUPLICATES)
      .incr(SETTLED)
      .exec();
    return;
  }
  // Stamped before the write, as the platform's agent stamps applied_at before its commit.
  const entry: LogEntry = {
    event_id: event.event_id,
    type: event.type,
    timestamp: event.timestamp,
    applied_at: new Date().toISOString(),
  };
  await redis
    .multi()
    .hincrby(counterKey(tenant), "applied", 1)
    .rpush(logKey(tenant), JSON.stringify(entry))
    .incr(SETTLED)
    .exec();
}

const worker = new Worker<Message>(QUEUE, async (job) => apply(job.data), {
  connection,
  concurrency: CONCURRENCY,
  removeOnComplete: { count: 0 },
  removeOnFail: { count: 1000 },
});
// One attempt per job (BullMQ's default): a failure is final, so it is settled as a dead letter.
worker.on("failed", () => void redis.incr(DEAD_LETTERED));
await worker.waitUntilReady();

createServer((_req, res) => {
  res.writeHead(200, { "content-type": "application/json" });
  res.end(JSON.stringify({ ok: true, concurrency: CONCURRENCY }));
}).listen(Number(process.env.PORT ?? 8791), "127.0.0.1");
