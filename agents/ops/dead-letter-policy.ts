/**
 * The dead-letter store's bounds: how many letters a tenant may hold, how long a letter
 * is kept, and how long after its first failure it may still be redriven.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Letters one tenant may hold (letters without a valid tenant share one such bucket). A
 * new letter beyond it evicts that tenant's least recently failed letters, counted and
 * logged: one tenant's flood never crowds out another's letters.
 */
export const DEAD_LETTER_QUOTA_PER_TENANT = 1000;

/**
 * How long every destination remembers the ids it applied: the tenant agents'
 * `processed_events` partitions keep an id 7–14 days, the services' dedup 7 days
 * (`platform/sqlite/dedup-partitions.ts`, `platform/service/service-object.ts`).
 */
export const DEDUP_HORIZON_MS = 7 * DAY_MS;

/**
 * A letter may be redriven only while its first failure is within the dedup horizon:
 * after that a destination that had applied it may have forgotten so, and a redrive
 * could apply it twice.
 */
export const REDRIVE_HORIZON_MS = DEDUP_HORIZON_MS;

/** A letter that has not failed again for this long is removed (counted and logged). */
export const DEAD_LETTER_RETENTION_MS = DEDUP_HORIZON_MS;

/** When the OpsAgent removes letters past their retention (daily, UTC). */
export const DEAD_LETTER_PRUNE_CRON = "17 3 * * *";

/** Why this letter may not be redriven at `now`, or null when it may. */
export function redriveRefusal(firstSeen: string, now: number): string | null {
  if (Date.parse(firstSeen) >= now - REDRIVE_HORIZON_MS) return null;
  return `first seen ${firstSeen}, more than ${REDRIVE_HORIZON_MS / DAY_MS} days ago (the dedup horizon): its destinations may no longer remember applying it, so a redrive could apply it twice; inspect it and act by hand, or delete it`;
}

/** What the store's bounds are, as the dead-letter list reports them. */
export const DEAD_LETTER_LIMITS = {
  quota_per_tenant: DEAD_LETTER_QUOTA_PER_TENANT,
  retention_days: DEAD_LETTER_RETENTION_MS / DAY_MS,
  redrive_horizon_days: REDRIVE_HORIZON_MS / DAY_MS,
} as const;

/**
 * Why a letter does not move, as the dead-letter list shows it beside the letter: it
 * waits for an operator to redrive or delete it (`dead_lettered`), or it is past the
 * redrive horizon and only a hand can decide (`past_redrive_horizon`).
 */
export function letterWaiting(
  letter: {
    queue: string;
    reason: string;
    attempts: number;
    first_seen: string;
    last_seen: string;
  },
  now: number,
): { reason: string; text: string; since: string } {
  const refusal = redriveRefusal(letter.first_seen, now);
  if (refusal !== null) {
    return {
      reason: "past_redrive_horizon",
      text: `Not redrivable: ${refusal}.`,
      since: letter.first_seen,
    };
  }
  const expires = new Date(Date.parse(letter.last_seen) + DEAD_LETTER_RETENTION_MS).toISOString();
  const tries = letter.attempts === 1 ? "1 attempt" : `${letter.attempts} attempts`;
  return {
    reason: "dead_lettered",
    text: `Failed on ${letter.queue} after ${tries} (${letter.reason}); waits for an operator to redrive or delete it, and is kept until ${expires}.`,
    since: letter.last_seen,
  };
}
