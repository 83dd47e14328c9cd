import type { Target } from "./ingest";

type LogEntry = { seq: number; event_id: string; timestamp: string; applied_at: string };

async function getJson<T>(target: Target, path: string): Promise<T> {
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

/** Every event a tenant's log holds, paging back with the `before` cursor. */
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

/** Latency (ms) from the sender's timestamp to the agent's applied_at, for every applied event. */
export async function appliedLatencies(
  target: Target,
  tenants: readonly string[],
  logPath: (tenant: string, before?: number) => string,
): Promise<{ latencies: number[]; lastApplied: number; logged: number }> {
  const logs = await pool(tenants, 8, (tenant) => readWholeLog(target, logPath, tenant));
  const latencies: number[] = [];
  let lastApplied = 0;
  for (const entry of logs.flat()) {
    const applied = Date.parse(entry.applied_at);
    latencies.push(applied - Date.parse(entry.timestamp));
    lastApplied = Math.max(lastApplied, applied);
  }
  return { latencies, lastApplied, logged: latencies.length };
}

export type Counters = { applied: number; duplicates: number };

/** The sum of every tenant's applied and duplicate counters. */
export async function sumCounters(
  target: Target,
  tenants: readonly string[],
  statePath: (tenant: string) => string,
  read: (body: unknown) => Counters,
): Promise<Counters> {
  const states = await pool(tenants, 16, async (tenant) =>
    read(await getJson<unknown>(target, statePath(tenant))),
  );
  return states.reduce(
    (a, b) => ({ applied: a.applied + b.applied, duplicates: a.duplicates + b.duplicates }),
    { applied: 0, duplicates: 0 },
  );
}

/** Polls the counters until `applied` reaches `expected` or nothing has moved for `idleMs`. */
export async function waitForApplied(
  poll: () => Promise<Counters>,
  expected: number,
  idleMs = 20_000,
): Promise<Counters> {
  let last = await poll();
  let lastChange = Date.now();
  while (last.applied < expected && Date.now() - lastChange < idleMs) {
    await new Promise((r) => setTimeout(r, 1000));
    const now = await poll();
    if (now.applied !== last.applied || now.duplicates !== last.duplicates) lastChange = Date.now();
    last = now;
  }
  return last;
}
