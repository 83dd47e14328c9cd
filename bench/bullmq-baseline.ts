import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { summarize } from "./stats";
import type { BenchEvent } from "./workload";

const DEDUP_TTL_SECONDS = 7 * 24 * 60 * 60;

export type BullmqResult = {
  sent: number;
  applied: number;
  duplicates: number;
  seconds: number;
  throughput: number;
  latency: ReturnType<typeof summarize>;
  cpuSecondsPer1000: number;
};

/**
 * The self-hosted stack a Node team would pick instead: BullMQ on Redis. Producers add
 * jobs in bulk (100 a call); workers dedupe per tenant with SET NX and update the
 * tenant's state with one HINCRBY per event.
 */
export async function runBullmq(options: {
  port: number;
  events: BenchEvent[];
  concurrency: number;
  rate?: number;
  redisCpuSeconds: () => number;
}): Promise<BullmqResult> {
  const connection = { host: "127.0.0.1", port: options.port, maxRetriesPerRequest: null };
  const name = `bench-${Date.now()}`;
  const queue = new Queue(name, { connection });
  const redis = new Redis(connection);
  const latencies: number[] = [];
  let applied = 0;
  let duplicates = 0;
  let lastApplied = 0;
  const worker = new Worker<BenchEvent>(
    name,
    async (job) => {
      const event = job.data;
      const key = `dedup:${event.tenant_id}:${event.event_id}`;
      const fresh = await redis.set(key, "1", "EX", DEDUP_TTL_SECONDS, "NX");
      if (fresh === null) {
        duplicates++;
        await redis.hincrby(`tenant:${event.tenant_id}`, "duplicates", 1);
        return;
      }
      await redis.hincrby(`tenant:${event.tenant_id}`, "applied", 1);
      const now = Date.now();
      applied++;
      lastApplied = now;
      latencies.push(now - Date.parse(event.timestamp));
    },
    {
      connection,
      concurrency: options.concurrency,
      removeOnComplete: { count: 0 },
      removeOnFail: { count: 1000 },
    },
  );
  await worker.waitUntilReady();

  const cpuBefore = process.cpuUsage();
  const redisBefore = options.redisCpuSeconds();
  const started = Date.now();
  const batches: BenchEvent[][] = [];
  for (let i = 0; i < options.events.length; i += 100)
    batches.push(options.events.slice(i, i + 100));
  const add = (batch: BenchEvent[]) => {
    const now = new Date().toISOString();
    for (const event of batch) event.timestamp = now;
    return queue.addBulk(batch.map((event) => ({ name: "event", data: event })));
  };
  if (options.rate) {
    const intervalMs = (100 / options.rate) * 1000;
    const pending: Promise<unknown>[] = [];
    for (const [i, batch] of batches.entries()) {
      const wait = started + i * intervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      pending.push(add(batch));
    }
    await Promise.all(pending);
  } else {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < batches.length) {
          const batch = batches[next++];
          if (batch) await add(batch);
        }
      }),
    );
  }
  const deadline = Date.now() + 120_000;
  while (applied + duplicates < options.events.length && Date.now() < deadline) await sleep(50);
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 + (options.redisCpuSeconds() - redisBefore);
  const seconds = (lastApplied - started) / 1000;

  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  return {
    sent: options.events.length,
    applied,
    duplicates,
    seconds,
    throughput: applied / seconds,
    latency: summarize(latencies),
    cpuSecondsPer1000: (cpuSeconds / options.events.length) * 1000,
  };
}
