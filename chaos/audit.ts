import type { Ledger, LedgerEntry } from "./ledger";
import type { Letter, TenantSnapshot } from "./reads";

/** One thing the platform got wrong, said so that it can be looked up. */
export type Finding = { check: string; tenant: string; detail: string };

/** How the ledger's messages took effect, over every tenant. */
export type EffectFigures = {
  /** Ledger messages in effect exactly once (applied, or answered by their service). */
  applied_once: number;
  /** Ledger messages held in the dead-letter store, by reason. */
  dead_lettered: Record<string, number>;
  lost: number;
  applied_twice: number;
};

/**
 * Every message of the ledger took effect exactly once, or waits in the dead-letter store
 * with its reason: a fact or agent command is in its tenant's event log (whose event_id
 * is unique, so "twice" shows in the counters instead: see `checkCounters`); a service
 * command has exactly one answer naming it as its cause, or a letter — never both.
 */
export function checkEffects(
  ledger: Ledger,
  snapshots: ReadonlyMap<string, TenantSnapshot>,
): { findings: Finding[]; figures: EffectFigures } {
  const findings: Finding[] = [];
  const figures: EffectFigures = { applied_once: 0, dead_lettered: {}, lost: 0, applied_twice: 0 };
  for (const snap of snapshots.values()) {
    const logged = new Set(snap.log.map((e) => e.event_id));
    const answers = countBy(snap.log, (e) => e.causation_id);
    const letters = new Map<string, Letter>();
    for (const letter of snap.letters) if (letter.event_id) letters.set(letter.event_id, letter);

    for (const entry of ledger.entries({ tenant: snap.tenant })) {
      const id = entry.envelope.event_id;
      const letter = letters.get(id);
      const effects = entry.effect === "agent" ? (logged.has(id) ? 1 : 0) : (answers.get(id) ?? 0);
      const where = describe(entry);
      if (entry.accepted === 0) {
        findings.push({
          check: "delivered",
          tenant: snap.tenant,
          detail: `${where}: never accepted`,
        });
        continue;
      }
      if (effects > 1 || (effects === 1 && letter)) {
        figures.applied_twice++;
        findings.push({
          check: "exactly once",
          tenant: snap.tenant,
          detail: `${where}: ${effects} effects${letter ? ` and a dead letter (${letter.reason})` : ""}`,
        });
      } else if (effects === 1) {
        figures.applied_once++;
      } else if (letter) {
        const reason = letter.reason.trim();
        if (reason === "") {
          findings.push({
            check: "dead letter reason",
            tenant: snap.tenant,
            detail: `${where}: a letter without a reason`,
          });
        }
        const key = reasonKey(reason);
        figures.dead_lettered[key] = (figures.dead_lettered[key] ?? 0) + 1;
      } else {
        figures.lost++;
        findings.push({
          check: "lost",
          tenant: snap.tenant,
          detail: `${where}: not in the event log${entry.effect === "service" ? " (no answer)" : ""} and not dead-lettered`,
        });
      }
    }
  }
  return { findings, figures };
}

/**
 * The agent's counters equal what the log and the ledger say: `applied` is the number of
 * events in its log (more would mean an event applied twice); for tenants only the driver
 * writes to (`exact`), `duplicates` is every accepted delivery of an agent message beyond
 * its first — each one reached the agent and was skipped.
 */
export function checkCounters(
  ledger: Ledger,
  snapshots: ReadonlyMap<string, TenantSnapshot>,
  exact: ReadonlySet<string>,
): Finding[] {
  const findings: Finding[] = [];
  for (const snap of snapshots.values()) {
    if (snap.view.applied !== snap.log.length) {
      findings.push({
        check: "applied counter",
        tenant: snap.tenant,
        detail: `applied = ${snap.view.applied}, but the event log holds ${snap.log.length} events`,
      });
    }
    if (!exact.has(snap.tenant)) continue;
    const expected = expectedDuplicates(ledger.entries({ tenant: snap.tenant }));
    if (snap.view.duplicates !== expected) {
      findings.push({
        check: "duplicates counter",
        tenant: snap.tenant,
        detail: `duplicates = ${snap.view.duplicates}, but the ledger delivered ${expected} extra copies of agent messages`,
      });
    }
  }
  return findings;
}

/** Extra deliveries of agent messages the driver made, each of which the agent must skip. */
export function expectedDuplicates(entries: readonly LedgerEntry[]): number {
  return entries
    .filter((e) => e.effect === "agent" && e.accepted > 0)
    .reduce((n, e) => n + e.accepted - 1, 0);
}

/**
 * Nothing waits in any outbox — the agent's or a service shard's — and no decided run
 * waits to be started.
 */
export function checkOutboxes(snapshots: ReadonlyMap<string, TenantSnapshot>): Finding[] {
  const findings: Finding[] = [];
  for (const snap of snapshots.values()) {
    const { pending, runs_to_start, last_error } = snap.pending;
    if (pending > 0 || runs_to_start > 0) {
      findings.push({
        check: "outbox drained",
        tenant: snap.tenant,
        detail: `${pending} unsent outbox rows, ${runs_to_start} runs not started${last_error ? ` (last error: ${last_error})` : ""}`,
      });
    }
    for (const shard of snap.services) {
      if (shard.pending === 0) continue;
      findings.push({
        check: "outbox drained",
        tenant: snap.tenant,
        detail: `the ${shard.service} service holds ${shard.pending} unsent outbox rows${shard.last_error ? ` (last error: ${shard.last_error})` : ""}`,
      });
    }
  }
  return findings;
}

/**
 * A command the fan-out derives from a ledger message took effect once too: every
 * `content.published` the driver sent is announced by the social service exactly once
 * (one `social.posted` caused by the derived `social.post`, told from the driver's own
 * `social.posted` by having a cause), or the `social.post` waits as a dead letter.
 * `skipPhases`: phases whose platform-made messages the local runtime may lose (the
 * kill's: its queues live in memory; see docs/RELIABILITY.md).
 */
export function checkDerived(
  ledger: Ledger,
  snapshots: ReadonlyMap<string, TenantSnapshot>,
  skipPhases: readonly string[] = [],
): { findings: Finding[]; announced: number } {
  const findings: Finding[] = [];
  let announced = 0;
  for (const snap of snapshots.values()) {
    const answers = countBy(
      snap.log.filter((e) => e.type === "social.posted" && e.causation_id !== null),
      (e) => String(e.payload.content_id),
    );
    const lettered = new Set(
      snap.letters
        .filter((l) => l.queue === "social-commands")
        .map((l) => contentIdOf(l.body))
        .filter((id): id is string => id !== null),
    );
    for (const entry of ledger.entries({ tenant: snap.tenant })) {
      if (entry.envelope.type !== "content.published" || entry.accepted === 0) continue;
      if (skipPhases.includes(entry.phase)) continue;
      const contentId = String(entry.envelope.payload.content_id);
      const posted = answers.get(contentId) ?? 0;
      const effects = posted + (lettered.has(contentId) ? 1 : 0);
      if (effects === 1) {
        if (posted === 1) announced++;
        continue;
      }
      findings.push({
        check: "derived exactly once",
        tenant: snap.tenant,
        detail: `article ${contentId}: ${posted} social.posted answers${lettered.has(contentId) ? " and a dead-lettered social.post" : ""} for its content.published ${entry.envelope.event_id}`,
      });
    }
  }
  return { findings, announced };
}

function contentIdOf(body: unknown): string | null {
  if (typeof body !== "object" || body === null || !("payload" in body)) return null;
  const payload = body.payload;
  if (typeof payload !== "object" || payload === null || !("content_id" in payload)) return null;
  return String(payload.content_id);
}

/**
 * The out-of-order articles really arrived out of order — the performance report, then
 * the page, then the article — and were applied that way; returns how many did.
 */
export function checkReversed(
  snapshots: ReadonlyMap<string, TenantSnapshot>,
  reversed: readonly { tenant: string; content_id: string }[],
): { findings: Finding[]; applied_out_of_order: number } {
  const findings: Finding[] = [];
  let count = 0;
  for (const { tenant, content_id } of reversed) {
    const log = snapshots.get(tenant)?.log ?? [];
    const seqOf = (type: string) =>
      log.find(
        (e) =>
          e.type === type &&
          (e.payload.content_id === content_id ||
            (type === "performance.report" && String(e.payload.url).endsWith(`/${content_id}`))),
      )?.seq;
    const report = seqOf("performance.report");
    const published = seqOf("content.published");
    const ready = seqOf("content.ready");
    if (report !== undefined && published !== undefined && ready !== undefined) {
      if (report < published && published < ready) count++;
      else
        findings.push({
          check: "out of order",
          tenant,
          detail: `article ${content_id} was applied in order (report ${report}, published ${published}, ready ${ready}): the run did not exercise out-of-order delivery`,
        });
    }
  }
  return { findings, applied_out_of_order: count };
}

function describe(entry: LedgerEntry): string {
  const { event_id, type } = entry.envelope;
  return `${type} ${event_id} (${entry.phase}, delivered ${entry.accepted}×${entry.uncertain ? ` + ${entry.uncertain} unanswered` : ""})`;
}

/** A reason without the parts that differ per message (ids, tenants), to group letters by. */
export function reasonKey(reason: string): string {
  return reason
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>")
    .replace(/\b(?:before|kill|after)-\d+-[a-z0-9]+\b/g, "<article>")
    .replace(/\bchaos-[a-z0-9-]+/g, "<tenant>")
    .slice(0, 160);
}

function countBy<T>(items: readonly T[], key: (item: T) => string | null): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) {
    const k = key(item);
    if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return counts;
}
