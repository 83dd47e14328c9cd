/**
 * The OpsAgent's alert schedules: one interval schedule evaluates the rules (only while
 * there are rules), and one one-time schedule wakes the outbox when the next retry is
 * due. Both are reconciled rather than added, so wakes and restarts never pile them up.
 */
type ScheduleRow = {
  id: string;
  callback: string;
  type: string;
  /** Unix seconds of the next run. */
  time: number;
  intervalSeconds?: number;
};

/** What the agent lends: its schedule table and the two schedules it can set. */
export type AlertScheduling = {
  list(): Promise<ScheduleRow[]>;
  cancel(id: string): Promise<unknown>;
  /** An interval schedule of the evaluation (`evaluateAlerts`). */
  every(seconds: number): Promise<unknown>;
  /** A one-time schedule of the outbox (`deliverAlerts`). */
  at(when: Date): Promise<unknown>;
};

export const EVALUATE_CALLBACK = "evaluateAlerts";
export const DELIVER_CALLBACK = "deliverAlerts";
export const DEFAULT_EVALUATE_SECONDS = 30;

/** Exactly one evaluation schedule at `seconds` when `wanted`, none otherwise. */
export async function reconcileEvaluation(
  s: AlertScheduling,
  seconds: number,
  wanted: boolean,
): Promise<void> {
  let kept = false;
  for (const row of await s.list()) {
    if (row.callback !== EVALUATE_CALLBACK) continue;
    if (wanted && !kept && row.type === "interval" && row.intervalSeconds === seconds) kept = true;
    else await s.cancel(row.id);
  }
  if (wanted && !kept) await s.every(seconds);
}

/**
 * A wake of the outbox at `dueMs` (at once when past), unless one is set at or before
 * it; a later one is replaced. A schedule due now is the one running, and does not count.
 */
export async function wakeOutboxAt(
  s: AlertScheduling,
  dueMs: number,
  nowMs: number,
): Promise<void> {
  const waiting = (await s.list()).filter(
    (row) => row.callback === DELIVER_CALLBACK && row.time * 1000 > nowMs,
  );
  // Schedules keep whole seconds: rounded up, the wake never comes before the retry is due.
  const wakeMs = Math.ceil(Math.max(dueMs, nowMs) / 1000) * 1000;
  if (waiting.some((row) => row.time * 1000 <= wakeMs)) return;
  for (const row of waiting) await s.cancel(row.id);
  await s.at(new Date(wakeMs));
}

/** A positive whole number from a var, or the default. */
export function positiveVar(value: string | undefined, fallback: number): number {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : fallback;
}
