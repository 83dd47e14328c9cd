/** The agent method its cron schedule calls. */
export const CYCLE_CALLBACK = "runCycle";

/** The fields of an agent schedule this reconciliation reads. */
export type ScheduleRow = { id: string; callback: string; type: string; cron?: string };

/**
 * What to change so that exactly one cron schedule runs the cycle, on `cron`: the ids
 * of the cycle schedules to cancel (other crons, or duplicates of this one) and whether
 * a new one must be created. Cron schedules are never removed by themselves, so a
 * changed cron would otherwise leave the old one firing too.
 */
export function reconcileCycleSchedules(
  schedules: readonly ScheduleRow[],
  /** Null: no cycle schedule at all (an archived tenant: agents/tenant/pause.ts). */
  cron: string | null,
): { cancel: string[]; create: boolean } {
  const cycles = schedules.filter((s) => s.type === "cron" && s.callback === CYCLE_CALLBACK);
  const keep = cron === null ? undefined : cycles.find((s) => s.cron === cron);
  return {
    cancel: cycles.filter((s) => s !== keep).map((s) => s.id),
    create: cron !== null && keep === undefined,
  };
}
