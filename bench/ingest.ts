import { setTimeout as sleep } from "node:timers/promises";
import type { BenchEvent } from "./workload";

export type Target = {
  url: string;
  path: string;
  headers: Record<string, string>;
  /** Headers per sending lane (a token each, so each lane has its own rate limit). */
  laneHeaders?: Record<string, string>[];
};
export type SendReport = {
  requests: number;
  messages: number;
  started: number;
  finished: number;
  failures: number;
};

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function post(target: Target, batch: BenchEvent[], lane = 0): Promise<boolean> {
  const now = new Date().toISOString();
  for (const event of batch) event.timestamp = now;
  const response = await fetch(target.url + target.path, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...target.headers,
      ...target.laneHeaders?.[lane % target.laneHeaders.length],
    },
    body: JSON.stringify(batch),
  });
  await response.arrayBuffer();
  if (response.status !== 202) {
    console.error(`  ingest answered ${response.status}`);
    return false;
  }
  return true;
}

/** Sends everything as fast as the platform takes it: requests of `batchSize`, `inFlight` at a time. */
export async function sendAtMaxRate(
  target: Target,
  events: readonly BenchEvent[],
  batchSize = 100,
  inFlight = 8,
): Promise<SendReport> {
  const batches = chunks(events, batchSize);
  const started = Date.now();
  let next = 0;
  let failures = 0;
  const lane = async (index: number) => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (batch && !(await post(target, batch, index))) failures++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, i) => lane(i)));
  return {
    requests: batches.length,
    messages: events.length,
    started,
    finished: Date.now(),
    failures,
  };
}

/** Sends at a fixed rate (events/s) in requests of `batchSize`, without waiting for answers to keep pace. */
export async function sendAtRate(
  target: Target,
  events: readonly BenchEvent[],
  rate: number,
  batchSize = 100,
): Promise<SendReport> {
  const batches = chunks(events, batchSize);
  const intervalMs = (batchSize / rate) * 1000;
  const started = Date.now();
  let failures = 0;
  const pending: Promise<void>[] = [];
  for (const [i, batch] of batches.entries()) {
    const due = started + i * intervalMs;
    const wait = due - Date.now();
    if (wait > 0) await sleep(wait);
    pending.push(post(target, batch, i).then((ok) => void (ok || failures++)));
  }
  await Promise.all(pending);
  return {
    requests: batches.length,
    messages: events.length,
    started,
    finished: Date.now(),
    failures,
  };
}
