import { signingSecret } from "../scripts/token";
import { signToken } from "../worker/auth/token";
import { checkDerived, checkEffects } from "./audit";
import { ChaosClient } from "./client";
import { planDeliveries, sendPlan } from "./deliver";
import type { Ledger } from "./ledger";
import type { Random } from "./random";
import { readLetters, readLog, type TenantSnapshot } from "./reads";
import { articleLife, type Planned } from "./scenario";

// The driver's moves between the phases of a run (`run.ts`).

/** Ingest requests carry 1 to this many envelopes. */
export const MAX_PER_REQUEST = 40;
/** Token subjects ingest is spread over: the rate limit counts per subject. */
const INGEST_SUBJECTS = 4;

/** A client whose reads are an operator's and whose ingest spreads over several subjects. */
export async function clientFor(url: string): Promise<ChaosClient> {
  const secret = signingSecret(process.env);
  const token = (subject: string) =>
    signToken({ role: "operator", subject, ttlSeconds: 3600 }, secret);
  const ingest = await Promise.all(
    Array.from({ length: INGEST_SUBJECTS }, (_, i) => token(`chaos-ingest-${i + 1}`)),
  );
  return new ChaosClient(url, await token("chaos"), ingest);
}

/** `count` articles per tenant, every third one sent backwards (noted in `reversed`). */
export function articles(
  tenants: readonly string[],
  count: number,
  phase: string,
  random: Random,
  reversed: { tenant: string; content_id: string }[],
): Planned[] {
  const planned: Planned[] = [];
  for (const tenant of tenants) {
    for (let i = 0; i < count; i++) {
      const contentId = `${phase}-${i}-${random.int(0, 1e6).toString(36)}`;
      const backwards = i % 3 === 0;
      if (backwards) reversed.push({ tenant, content_id: contentId });
      planned.push(...articleLife(tenant, contentId, Date.now() + i * 10_000, backwards));
    }
  }
  return planned;
}

/**
 * After the restart the driver sends every message of the kill phase once more. The
 * local queue (Miniflare's) holds messages in memory, so a hard kill loses what was on
 * it — Cloudflare's queues keep them, and an accepted message stays accepted. Sending
 * them again stands in for that durability; what had already been applied before the
 * kill is skipped by the agents' dedup, which is the point of the exercise.
 */
export async function replayInFlight(
  client: ChaosClient,
  ledger: Ledger,
  random: Random,
): Promise<number> {
  const entries = ledger.entries({ phase: "kill" });
  await sendPlan(
    client,
    ledger,
    planDeliveries(
      entries.map((e) => ({ envelope: e.envelope, effect: e.effect })),
      random,
      { copies: { min: 1, max: 1 }, maxPerRequest: MAX_PER_REQUEST },
    ),
  );
  return entries.length;
}

/**
 * How many ledger messages of these tenants have not taken effect (nor been
 * dead-lettered) yet, and how many of their published articles the social service has
 * not announced yet (with `derived`).
 */
export async function lostSoFar(
  client: ChaosClient,
  ledger: Ledger,
  tenants: readonly string[],
  derived = false,
): Promise<number> {
  const snapshots = new Map<string, TenantSnapshot>();
  for (const tenant of tenants) {
    const [log, letters] = await Promise.all([
      readLog(client, tenant),
      readLetters(client, tenant),
    ]);
    snapshots.set(tenant, {
      tenant,
      log,
      letters,
      runs: [],
      view: {
        applied: 0,
        duplicates: 0,
        counts: {
          cycles: 0,
          runs_started: 0,
          runs_completed: 0,
          runs_failed: 0,
          articles_published: 0,
        },
      },
      pending: { pending: 0, runs_to_start: 0, last_error: null },
      services: [],
    });
  }
  const lost = checkEffects(ledger, snapshots).figures.lost;
  return derived ? lost + checkDerived(ledger, snapshots).findings.length : lost;
}

/** Whether the tenant's own schedule started a cycle after `since` (read from its event log). */
export async function scheduledCycleSince(
  client: ChaosClient,
  tenant: string,
  since: string,
): Promise<boolean> {
  const log = await readLog(client, tenant);
  return log.some(
    (e) => e.type === "cycle.requested" && e.payload.reason === "scheduled" && e.applied_at > since,
  );
}
