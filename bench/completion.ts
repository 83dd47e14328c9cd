import { setTimeout as sleep } from "node:timers/promises";
import type { MeterReading } from "./cost";

/**
 * One cheap aggregate reading of a pipeline (a single request): envelopes its consumer
 * has settled (acked, duplicates included, or dead-lettered) and duplicates it skipped,
 * totals since start; and, when it has one, its billable-operation meter.
 */
export type Reading = {
  settled: number;
  duplicates: number;
  /** Deliveries that failed and were retried, when the pipeline counts them. */
  retried?: number;
  meter?: MeterReading & { events: number };
};
export type Read = () => Promise<Reading>;

/** Poll spacing: the platform flushes consumer metrics at most once a second. */
const POLL_MS = 1000;

export type Settled = { reading: Reading; completed: boolean; polls: number };

/**
 * Waits for the positive signal that every envelope sent was settled: `settled` grew by
 * `expected` since `before`. One aggregate poll a second, so the wait costs the measured
 * thread next to nothing. The bounds only fail the scenario: no progress for `stallMs`,
 * or `deadlineMs` overall.
 */
export async function waitSettled(
  read: Read,
  before: Reading,
  expected: number,
  { stallMs = 60_000, deadlineMs = 15 * 60_000, pollMs = POLL_MS } = {},
): Promise<Settled> {
  const started = Date.now();
  let last = before;
  let lastMove = started;
  let polls = 0;
  for (;;) {
    await sleep(pollMs);
    const now = await readOr(read, last);
    polls++;
    if (now.settled - before.settled >= expected) return { reading: now, completed: true, polls };
    if (now.settled !== last.settled) lastMove = Date.now();
    last = now;
    const at = Date.now();
    if (at - lastMove > stallMs || at - started > deadlineMs)
      return { reading: now, completed: false, polls };
  }
}

/**
 * Waits at least `minMs`, and until nothing is being settled: three readings a second
 * apart agree. Run after registering tenants, whose setup sends events and schedules
 * work of its own, so that none of it lands in the scenario. Gives up (and says so)
 * after `limitMs`.
 */
export async function waitQuiet(read: Read, minMs: number, limitMs = 60_000): Promise<boolean> {
  const started = Date.now();
  let last = await read();
  let same = 0;
  while (Date.now() - started < limitMs) {
    await sleep(POLL_MS);
    const now = await readOr(read, last);
    same = now.settled === last.settled ? same + 1 : 0;
    if (same >= 2 && Date.now() - started >= minMs) return true;
    last = now;
  }
  return false;
}

/**
 * The meter once it covers the scenario: its `events` (first deliveries) grew by the
 * envelopes sent, and two readings a second apart agree (other queues' consumers report
 * on their own). Bounded; `steady` says whether it got there.
 */
export async function settleMeter(
  read: Read,
  before: Reading,
  first: Reading,
  sent: number,
  limitMs = 15_000,
): Promise<{ reading: Reading; steady: boolean }> {
  const started = Date.now();
  let last = first;
  while (Date.now() - started < limitMs) {
    await sleep(POLL_MS);
    const now = await readOr(read, last);
    const covers = (now.meter?.events ?? 0) - (before.meter?.events ?? 0) >= sent;
    if (covers && sameMeter(now, last)) return { reading: now, steady: true };
    last = now;
  }
  return { reading: last, steady: false };
}

function sameMeter(a: Reading, b: Reading): boolean {
  return JSON.stringify(a.meter) === JSON.stringify(b.meter);
}

/** A failed poll keeps the previous reading: one lost request must not end a wait. */
async function readOr(read: Read, previous: Reading): Promise<Reading> {
  try {
    return await read();
  } catch (error) {
    console.error(`  poll failed: ${error instanceof Error ? error.message : String(error)}`);
    return previous;
  }
}
