import type { Target } from "./ingest";
import type { BenchEvent } from "./workload";

type LogEntry = { seq: number; event_id: string; timestamp: string; applied_at: string };

export async function getJson<T>(target: Target, path: string): Promise<T> {
  const response = await fetch(target.url + path, { headers: target.headers });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return (await response.json()) as T;
}

/** Runs `work` over items with at most `limit` in flight. */
export async function pool<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await work(items[i] as T);
      }
    }),
  );
  return out;
}

/** Every entry a tenant's log holds, paging back with the `before` cursor. */
async function readWholeLog(
  target: Target,
  logPath: (tenant: string, before?: number) => string,
  tenant: string,
): Promise<LogEntry[]> {
  const all: LogEntry[] = [];
  let before: number | undefined;
  for (;;) {
    const page = await getJson<{ events: LogEntry[] }>(target, logPath(tenant, before));
    all.push(...page.events);
    if (page.events.length < 500) return all;
    before = page.events.at(-1)?.seq;
  }
}

export type LogCheck = {
  /** Unique bench ids found in the logs. */
  applied: number;
  /** Unique bench ids never logged. */
  lost: number;
  /** Log entries beyond the first for the same bench id. */
  applied_twice: number;
  /** Log entries of ids the bench never sent (the tenants' own events; primers excluded). */
  foreign: number;
  /** Sender's timestamp → applied_at, ms, for each bench id's first entry. */
  latencies: number[];
  lastApplied: number;
};

/**
 * Reads every tenant's event log after the run and checks each bench event id on its
 * own: it must appear exactly once. Counters would also count whatever else the tenants
 * applied meanwhile (their own cycles, say); ids do not.
 */
export async function checkLogs(
  target: Target,
  tenants: readonly string[],
  logPath: (tenant: string, before?: number) => string,
  events: readonly BenchEvent[],
  primers: readonly BenchEvent[] = [],
): Promise<LogCheck> {
  const logs = await pool(tenants, 16, (tenant) => readWholeLog(target, logPath, tenant));
  const sent = new Set(events.map((e) => e.event_id));
  const primed = new Set(primers.map((e) => e.event_id));
  const seen = new Map<string, number>();
  const latencies: number[] = [];
  let foreign = 0;
  let applied_twice = 0;
  let lastApplied = 0;
  for (const entry of logs.flat()) {
    if (!sent.has(entry.event_id)) {
      if (!primed.has(entry.event_id)) foreign++;
      continue;
    }
    const count = (seen.get(entry.event_id) ?? 0) + 1;
    seen.set(entry.event_id, count);
    if (count > 1) {
      applied_twice++;
      continue;
    }
    const applied = Date.parse(entry.applied_at);
    latencies.push(applied - Date.parse(entry.timestamp));
    lastApplied = Math.max(lastApplied, applied);
  }
  return {
    applied: seen.size,
    lost: sent.size - seen.size,
    applied_twice,
    foreign,
    latencies,
    lastApplied,
  };
}
