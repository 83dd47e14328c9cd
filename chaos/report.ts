import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  checkCounters,
  checkDerived,
  checkEffects,
  checkOutboxes,
  checkReversed,
  type EffectFigures,
  expectedDuplicates,
  type Finding,
  reasonKey,
} from "./audit";
import { checkResumed, checkRuns, type ResumeFigures } from "./audit-runs";
import type { ChaosRun } from "./run";

/** The audit of a run: findings per check (empty = the check holds) and the run's figures. */
export type ChaosReport = {
  checks: Record<CheckName, Finding[]>;
  figures: ChaosFigures;
};

export type CheckName =
  | "exactly once"
  | "derived exactly once"
  | "counters"
  | "outboxes"
  | "runs ended"
  | "resumed"
  | "out of order"
  | "schedules after restart"
  | "why waiting";

export type ChaosFigures = {
  run_at: string;
  seed: number;
  seconds: number;
  tenants: number;
  /** Distinct messages the driver sent. */
  events: number;
  /** Deliveries the platform accepted (202), duplicates included. */
  deliveries: number;
  /** Deliveries beyond each message's first. */
  duplicates_injected: number;
  /** Of those, copies of messages bound for an agent (the rest are service commands). */
  duplicates_to_agents: number;
  /** Deliveries the agents skipped as duplicates (their `duplicates` counters). */
  duplicates_skipped: number;
  /** Messages applied in the reverse of their causal order (report → page → article). */
  applied_out_of_order: number;
  /** Hard kills of the whole runtime (SIGKILL to wrangler and workerd), each followed by a restart. */
  restarts: number;
  /** Requests that got no answer because the runtime died under them. */
  unanswered_at_kill: number;
  /** Accepted messages that were still on the local queue at the kill, lost with it. */
  lost_with_local_queue: number;
  /** Messages of the kill phase sent again after the restart (the local queue lost what it held). */
  replayed_after_restart: number;
  effects: EffectFigures;
  /** `content.published` of the ledger announced once by the social service. */
  announced_once: number;
  /** The faults injected, and what the service queues' consumers counted over the run. */
  failures: {
    faults: ChaosRun["faults"];
    /** Deliveries to a service retried after a failure (mostly the injected transient ones). */
    service_deliveries_retried: number;
    /** Every tenant's dead letters (ledger or not), by reason. */
    dead_letters: Record<string, number>;
  };
  runs: {
    total: number;
    complete: number;
    failed: number;
    /** Why the failed ones failed, as their records say. */
    failure_reasons: Record<string, number>;
    approved_after_restart: number;
    /** Runs seen waiting for approval whose list said why (`approval`, with a sentence). */
    waiting_explained: number;
  } & ResumeFigures;
  cycles: { total: number; scheduled_after_restart: number };
  /** Which waits reached their condition. */
  waits: Record<string, boolean>;
  /** Findings per check; 0 everywhere is a pass. */
  findings: Record<CheckName, number>;
};

/** Runs every check of the audit over a finished run and gathers its figures. */
export function auditRun(run: ChaosRun): ChaosReport {
  const effects = checkEffects(run.ledger, run.snapshots);
  // The kill phase's announcements are left out: a `social.posted` the social service
  // had sent was on the local queue, which the kill empties (the ledger's own messages
  // are sent again after the restart; the platform's own are not).
  const derived = checkDerived(run.ledger, run.snapshots, ["kill"]);
  const resumed = checkResumed(run.runsBeforeKill, run.snapshots, run);
  const reversed = checkReversed(run.snapshots, run.reversed);
  const scheduled = run.tenants.cycle.map((tenant) => ({
    tenant,
    count:
      run.snapshots
        .get(tenant)
        ?.log.filter(
          (e) =>
            e.type === "cycle.requested" &&
            e.payload.reason === "scheduled" &&
            e.applied_at > run.restartedAt,
        ).length ?? 0,
  }));
  const checks: Record<CheckName, Finding[]> = {
    "exactly once": effects.findings,
    "derived exactly once": derived.findings,
    counters: checkCounters(run.ledger, run.snapshots, new Set(run.tenants.ledger)),
    outboxes: checkOutboxes(run.snapshots),
    "runs ended": checkRuns(run.snapshots),
    resumed: resumed.findings,
    "out of order": reversed.findings,
    "schedules after restart": scheduled
      .filter((s) => s.count === 0)
      .map((s) => ({
        check: "schedules after restart",
        tenant: s.tenant,
        detail: `no scheduled cycle ran after the restart at ${run.restartedAt}`,
      })),
    "why waiting": run.waitsSeen
      .filter((w) => w.reason !== "approval" || w.text === "")
      .map((w) => ({
        check: "why waiting",
        tenant: w.tenant,
        detail: `run ${w.run_id} stood at the approval step saying ${w.reason === null ? "nothing of why" : `"${w.reason}": ${w.text}`}`,
      })),
  };

  const snaps = [...run.snapshots.values()];
  const runs = snaps.flatMap((s) => s.runs);
  const totals = run.ledger.totals();
  const letters = countReasons(
    snaps.flatMap((s) => s.letters).map((l) => `${l.queue}: ${l.reason}`),
  );
  const serviceQueues = [
    "research-commands",
    "publish-commands",
    "social-commands",
    "analytics-commands",
  ];
  return {
    checks,
    figures: {
      run_at: new Date().toISOString(),
      seed: run.seed,
      seconds: run.seconds,
      tenants: run.snapshots.size,
      events: totals.events,
      deliveries: totals.deliveries,
      duplicates_injected: totals.duplicates_injected,
      duplicates_to_agents: expectedDuplicates(run.ledger.entries()),
      duplicates_skipped: snaps.reduce((n, s) => n + s.view.duplicates, 0),
      applied_out_of_order: reversed.applied_out_of_order,
      restarts: 1,
      unanswered_at_kill: totals.uncertain,
      lost_with_local_queue: run.lostAtKill,
      replayed_after_restart: run.replayed,
      effects: effects.figures,
      announced_once: derived.announced,
      failures: {
        faults: run.faults,
        service_deliveries_retried: serviceQueues.reduce(
          (n, q) => n + (run.queues[q]?.retried ?? 0),
          0,
        ),
        dead_letters: letters,
      },
      runs: {
        total: runs.length,
        complete: runs.filter((r) => r.status === "complete").length,
        failed: runs.filter((r) => r.status !== "complete").length,
        failure_reasons: countReasons(
          runs.filter((r) => r.status !== "complete").map((r) => r.error ?? "none recorded"),
        ),
        approved_after_restart: run.approved,
        waiting_explained: run.waitsSeen.filter((w) => w.reason === "approval" && w.text !== "")
          .length,
        ...resumed.figures,
      },
      cycles: {
        total: snaps.reduce((n, s) => n + s.view.counts.cycles, 0),
        scheduled_after_restart: scheduled.reduce((n, s) => n + s.count, 0),
      },
      waits: run.waits,
      findings: Object.fromEntries(
        Object.entries(checks).map(([name, findings]) => [name, findings.length]),
      ) as Record<CheckName, number>,
    },
  };
}

/** How often each reason occurs, ids and tenants left out so that alike reasons group. */
function countReasons(reasons: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const reason of reasons) {
    const key = reasonKey(reason);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}

const OUTPUT = fileURLToPath(new URL("../test-output/chaos/", import.meta.url));

/** Writes `test-output/chaos/summary.json` (the figures) and `findings.json` (all of them). */
export async function writeReport(report: ChaosReport): Promise<string> {
  await mkdir(OUTPUT, { recursive: true });
  const path = join(OUTPUT, "summary.json");
  await writeFile(path, `${JSON.stringify(report.figures, null, 2)}\n`);
  await writeFile(join(OUTPUT, "findings.json"), `${JSON.stringify(report.checks, null, 2)}\n`);
  return path;
}

/** The figures as a few lines for the console. */
export function formatFigures(f: ChaosFigures): string {
  const lost = f.effects.lost;
  const twice = f.effects.applied_twice;
  const letters = Object.values(f.effects.dead_lettered).reduce((n, c) => n + c, 0);
  return [
    `chaos run (seed ${f.seed}, ${f.seconds} s, ${f.tenants} tenants)`,
    `  events ${f.events}, deliveries ${f.deliveries}, duplicates injected ${f.duplicates_injected} (${f.duplicates_to_agents} to agents), skipped by agents ${f.duplicates_skipped}`,
    `  out of order ${f.applied_out_of_order}, restarts ${f.restarts} (unanswered at the kill ${f.unanswered_at_kill}, on the local queue at the kill ${f.lost_with_local_queue}, replayed ${f.replayed_after_restart})`,
    `  applied once ${f.effects.applied_once}, dead-lettered ${letters}, lost: ${lost}, applied twice: ${twice}`,
    `  derived social.post announced once ${f.announced_once}; service deliveries retried ${f.failures.service_deliveries_retried}; dead letters ${JSON.stringify(f.failures.dead_letters)}`,
    `  runs ${f.runs.total} (complete ${f.runs.complete}, failed ${f.runs.failed}: ${JSON.stringify(f.runs.failure_reasons)}); under way at the kill ${f.runs.under_way}, resumed ${f.runs.resumed} keeping ${f.runs.steps_kept} finished steps, approved after the restart ${f.runs.approved_after_restart} (each said why it waited: ${f.runs.waiting_explained})`,
    `  cycles ${f.cycles.total}, scheduled after the restart ${f.cycles.scheduled_after_restart}`,
    `  findings ${JSON.stringify(f.findings)}`,
  ].join("\n");
}
