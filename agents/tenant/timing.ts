import { Cron } from "croner";
import type { Period } from "./model";

// Time arithmetic for decisions. Pure: "now" is always an argument.

export const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(iso: string, days: number): string {
  return new Date(Date.parse(iso) + days * DAY_MS).toISOString();
}

/**
 * Days from `from` to `to`, for reasons a person reads: rounded down to one decimal, so
 * "6.9 days ago < 7" never shows as "7 days ago < 7".
 */
export function daysBetween(from: string, to: Date): number {
  return Math.floor(((to.getTime() - Date.parse(from)) / DAY_MS) * 10) / 10;
}

/** How long ago `from` was, for reasons a person reads: minutes, hours, then days. */
export function timeAgo(from: string, to: Date): string {
  const minutes = Math.max(0, Math.floor((to.getTime() - Date.parse(from)) / 60_000));
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  if (minutes < 24 * 60) {
    const hours = Math.floor(minutes / 60);
    return `${hours} hour${hours === 1 ? "" : "s"} ago`;
  }
  return `${daysBetween(from, to)} days ago`;
}

/** The later of two ISO times (null counts as earliest): merging is order-independent. */
export function laterOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
}

/** The earlier of two ISO times (null counts as absent). */
export function earlierOf(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/** The reporting window closest to the tenant's check interval. */
export function periodFor(checkDays: number): Period {
  if (checkDays <= 7) return "7d";
  if (checkDays <= 28) return "28d";
  return "90d";
}

/**
 * Whether the tenant's cron should have started a cycle since `lastCycleAt` by more
 * than `graceMs` by now: the platform sweep's test for a cycle the agent's own alarm
 * missed. A cron that never fires again is never overdue.
 */
export function isCycleOverdue(
  cron: string,
  lastCycleAt: string,
  now: Date,
  graceMs: number,
): boolean {
  const next = new Cron(cron, { mode: "5-part", timezone: "UTC", paused: true }).nextRun(
    new Date(lastCycleAt),
  );
  return next !== null && next.getTime() + graceMs < now.getTime();
}
