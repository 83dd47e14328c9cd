import { setTimeout as sleep } from "node:timers/promises";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import type { ScenarioResult } from "./scenario";
import { summarize } from "./stats";
import type { BenchEvent, Workload } from "./workload";

const DEDUP_TTL_SECONDS = 7 * 24 * 60 * 60;

/**
 * Bare BullMQ on Redis, in this process: producers add jobs in bulk (100 a call), workers
 * dedupe per tenant with SET NX and count with one HINCRBY per event. No HTTP, no
 * validation, no log: the queue's own ceiling on this machine, not a fair baseline
 * (that is bench/baseline). Applied ids are counted here, one by one.
 */
export async function runBareBullmq(options: {
  port: number;
  workload: Workload;
  concurrency: number;
  rate?: number;
  redisCpuSeconds: () => number;
}): Promise<ScenarioResult> {
  const { events, unique, tenants } = options.workload;
  const connection = { host: "127.0.0.1", port: options.port, maxRetriesPerRequest: null };
  const name = `bench-${Date.now()}`;
  const queue = new Queue(name, { connection });
  const redis = new Redis(connection);
  const latencies: number[] = [];
  const appliedIds = new Map<string, number>();
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
      appliedIds.set(event.event_id, (appliedIds.get(event.event_id) ?? 0) + 1);
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
  for (let i = 0; i < events.length; i += 100) batches.push(events.slice(i, i + 100));
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
  // An in-memory counter: polling it costs Redis nothing. The deadline only fails the run.
  const deadline = Date.now() + 120_000;
  while (applied + duplicates < events.length && Date.now() < deadline) await sleep(50);
  const completed = applied + duplicates >= events.length;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6 + (options.redisCpuSeconds() - redisBefore);
  const seconds = (lastApplied - started) / 1000;

  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  redis.disconnect();
  const twice = [...appliedIds.values()].reduce((sum, n) => sum + n - 1, 0);
  return {
    pipeline: `bare-bullmq-c${options.concurrency}`,
    tenants: tenants.length,
    mode: options.rate ? `${options.rate}/s` : "max",
    sent: events.length,
    unique,
    duplicates_sent: events.length - unique,
    completed,
    applied: appliedIds.size,
    settled: applied + duplicates,
    duplicates_skipped: duplicates,
    lost: unique - appliedIds.size,
    applied_twice: twice,
    foreign_logged: 0,
    seconds,
    throughput: appliedIds.size / seconds,
    latency_ms: summarize(latencies),
    cpu_seconds_per_1000: (cpuSeconds / events.length) * 1000,
  };
}
