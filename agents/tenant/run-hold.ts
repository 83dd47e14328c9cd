import { readMeta, writeMeta } from "./meta";

/**
 * Why the tenant's new content runs are held, when they are: the OpsAgent holds them
 * when the tenant's monthly budget is spent and its budget says to pause runs
 * (agents/ops/budgets.ts). Decisions still ask for runs; the runs wait as `requested`,
 * each carrying the hold as its reason, and start in order once the hold is released.
 */
export type RunHold = {
  /** Machine-readable: what holds the runs (a spent budget, or a pause: pause.ts). */
  reason: "budget" | "paused";
  /** The sentence shown beside each waiting run. */
  text: string;
  since: string;
};

export function readRunHold(sql: SqlStorage): RunHold | null {
  // A pause holds the runs whatever the budget says, and is the reason shown first.
  const raw = readMeta(sql, "runs_paused") ?? readMeta(sql, "runs_held");
  return raw === null ? null : (JSON.parse(raw) as RunHold);
}

/** Holds (or, with null, releases) new runs; true when that changed anything. */
export function writeRunHold(sql: SqlStorage, hold: RunHold | null): boolean {
  const before = readMeta(sql, "runs_held");
  // A repeated hold keeps the time it began.
  if (hold !== null && before !== null) return false;
  if (hold === null && before === null) return false;
  writeMeta(sql, "runs_held", hold === null ? null : JSON.stringify(hold));
  return true;
}

/**
 * Holds (or, with null, releases) new runs while the tenant is paused or archived: kept
 * apart from the budget's hold, so a budget released meanwhile starts nothing and a
 * resume leaves a spent budget's hold in place. True when that changed anything.
 */
export function writePauseRunHold(sql: SqlStorage, hold: RunHold | null): boolean {
  const before = readMeta(sql, "runs_paused");
  if (hold === null && before === null) return false;
  const next = hold === null ? null : JSON.stringify(hold);
  if (next === before) return false;
  writeMeta(sql, "runs_paused", next);
  return true;
}
