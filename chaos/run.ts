import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Platform, startPlatform } from "../e2e/platform";
import { APPROVAL_STEP, approveWaiting, type WaitSeen } from "./approvals";
import { FINAL_RUN } from "./audit-runs";
import { planDeliveries, sendPlan } from "./deliver";
import {
  articles,
  clientFor,
  lostSoFar,
  MAX_PER_REQUEST,
  replayInFlight,
  scheduledCycleSince,
} from "./driver";
import { chaosFaults, type Fault, injectFaults } from "./faults";
import { Ledger } from "./ledger";
import { type ModelServer, startModelServer } from "./model-server";
import { seededRandom } from "./random";
import {
  type QueueCounts,
  type Run,
  readQueueCounts,
  readRuns,
  snapshot,
  type TenantSnapshot,
} from "./reads";
import { cycleRequest, type Planned } from "./scenario";
import { waitUntil } from "./wait";

/** The tenants of a run, by the part they play. */
export type Tenants = {
  /** Only the driver writes to them, before and after the kill: their counters are exact. */
  ledger: string[];
  /** Their messages are on the way when the platform is killed. */
  burst: string[];
  /**
   * Cycle every minute on their own schedule; their runs are under way at the kill. The
   * first one's publisher fails permanently half the time; the second one's runs wait
   * for approval, which comes after the restart.
   */
  cycle: string[];
};

export type ChaosRun = {
  seed: number;
  ledger: Ledger;
  tenants: Tenants;
  reversed: { tenant: string; content_id: string }[];
  killedAt: string;
  restartedAt: string;
  /** The cycle tenants' runs just before the kill. */
  runsBeforeKill: Map<string, Run[]>;
  snapshots: Map<string, TenantSnapshot>;
  /** Messages of the kill phase sent again after the restart (see `replayInFlight`). */
  replayed: number;
  /** Messages accepted before the kill that no agent had applied: lost with the local queue. */
  lostAtKill: number;
  /** The faults injected through the faults API for the whole run. */
  faults: Fault[];
  /** Runs the driver approved (all after the restart). */
  approved: number;
  /** Each run the driver found waiting for approval, with the wait its list gave. */
  waitsSeen: WaitSeen[];
  /** What the queue consumers counted over the run (`GET /api/metrics`). */
  queues: Record<string, QueueCounts>;
  /** Whether each wait reached its condition (a false one explains a failing audit). */
  waits: Record<string, boolean>;
  seconds: number;
};

const COPIES = { min: 2, max: 3 };
/** How long the stand-in model takes over each answer (two per run: outline, draft). */
const MODEL_DELAY_MS = 1_000;
/** The steps that ask the model: a run in one of them is mid-step for a second or more. */
const WRITING = new Set(["outline article", "draft article"]);
/** A cron that does not fire during a run: these tenants cycle only when asked. */
const QUIET_CRON = "0 0 1 1 *";
const CYCLE_KEYWORDS = [
  "budget apps",
  "crypto tax",
  "retirement calculator",
  "emergency fund",
  "index funds for beginners",
  "credit score tips",
  "high yield savings",
  "student loan refinance",
  "how to invest in bonds",
  "roth ira rules",
  "side hustle ideas",
  "frugal living tips",
  "best budgeting method",
  "sinking funds guide",
  "debt snowball vs avalanche",
  "what is an etf",
];

/**
 * One chaos run against the whole platform on its local runtime, with state kept on disk:
 *
 * 1. **before** — articles for the ledger tenants, every message delivered 2–3 times in
 *    shuffled requests, a third of the articles backwards; waits until all took effect;
 * 2. **kill** — services failing (20 % transiently, one tenant's publisher half the
 *    time permanently), cycles asked for, runs waiting for approval or mid-step,
 *    messages of the burst tenants on the way, and the whole runtime (wrangler and
 *    workerd) killed with SIGKILL in the middle;
 * 3. **after** — the platform starts again on the same state; the driver sends again
 *    what was on the way (the local queue keeps messages in memory only), delivers every
 *    message of phase 1 once more, and a new round of articles; approves the waiting
 *    runs; waits until everything took effect, every run ended, every outbox is empty
 *    and a scheduled cycle ran after the restart.
 *
 * Returns what the audit needs; `chaos.test.ts` audits it.
 */
export async function runChaos(
  options: { seed?: number; port?: number; modelPort?: number } = {},
): Promise<ChaosRun> {
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = seededRandom(seed);
  const ledger = new Ledger();
  const run = random
    .int(0, 36 ** 4)
    .toString(36)
    .padStart(4, "0");
  const tenants: Tenants = {
    ledger: [1, 2, 3, 4].map((n) => `chaos-${run}-l${n}`),
    burst: [1, 2].map((n) => `chaos-${run}-b${n}`),
    cycle: [1, 2].map((n) => `chaos-${run}-c${n}`),
  };
  const all = [...tenants.ledger, ...tenants.burst, ...tenants.cycle];
  const waits: Record<string, boolean> = {};
  const stateDir = await mkdtemp(join(tmpdir(), "switchboard-chaos-"));
  let platform: Platform | undefined;
  let model: ModelServer | undefined;
  try {
    // Runs write through a model server that takes a second per answer: mid-step is long.
    // It refuses the third outline for good: one run fails, and must say why.
    model = await startModelServer(MODEL_DELAY_MS, {
      ...(options.modelPort === undefined ? {} : { port: options.modelPort }),
      refuseOutline: 3,
    });
    const vars = {
      TEXT_PROVIDER: "openai-compatible",
      TEXT_PROVIDER_URL: model.url,
      TEXT_PROVIDER_MODEL: "chaos-stand-in",
    };
    platform = await startPlatform({
      stateDir,
      port: options.port,
      logDir: "chaos",
      logName: "platform-1.log",
      vars,
    });
    const port = platform.port;
    const client = await clientFor(platform.url);

    for (const id of [...tenants.ledger, ...tenants.burst]) {
      await client.send("POST", "/api/tenants", {
        id,
        name: `Chaos ${id}`,
        strategy: { cycle_cron: QUIET_CRON },
      });
    }
    for (const [i, id] of tenants.cycle.entries()) {
      await client.send("POST", "/api/tenants", {
        id,
        name: `Chaos ${id}`,
        strategy: {
          cycle_cron: "* * * * *",
          research_interval_days: 0,
          seed_keywords: CYCLE_KEYWORDS,
          max_difficulty: 100,
          min_volume: 0,
          max_articles_per_cycle: 2,
          require_approval: i === 1,
        },
      });
    }
    const faults = chaosFaults(tenants.cycle[0] ?? "");
    await injectFaults(client, faults);
    // First cycles now: by the kill, the second tenant's runs wait for approval.
    for (const id of tenants.cycle) await client.send("POST", `/api/tenants/${id}/cycle`, {});

    // ── 1. before the kill ────────────────────────────────────────────────────────
    const reversed: ChaosRun["reversed"] = [];
    const before = articles(tenants.ledger, 20, "before", random, reversed);
    for (const p of before) ledger.add(p.envelope, p.effect, "before");
    await sendPlan(
      client,
      ledger,
      planDeliveries(before, random, { copies: COPIES, maxPerRequest: MAX_PER_REQUEST }),
    );
    // Until all of it took effect, the social service's announcements included: the
    // ledger tenants are quiet when the kill comes, so their counters stay exact.
    waits.before = (
      await waitUntil(
        () => lostSoFar(client, ledger, tenants.ledger, true),
        (lost) => lost === 0,
        90_000,
      )
    ).reached;

    // ── 2. the kill ───────────────────────────────────────────────────────────────
    const during: Planned[] = [
      ...articles(tenants.burst, 30, "kill", random, []),
      ...tenants.cycle.map((t) => cycleRequest(t, Date.now())),
    ];
    for (const p of during) ledger.add(p.envelope, p.effect, "kill");
    for (const id of tenants.cycle) await client.send("POST", `/api/tenants/${id}/cycle`, {});
    let killed = false;
    const sending = sendPlan(
      client,
      ledger,
      planDeliveries(during, random, { copies: COPIES, maxPerRequest: 10 }),
      1,
      () => killed,
    );
    // Kill once a run waits for approval, another is mid-step (writing through the slow
    // model server), and about half the burst is on the queue.
    waits.kill = (
      await waitUntil(
        async () => ({
          runs: (await Promise.all(tenants.cycle.map((t) => readRuns(client, t)))).flat(),
          sent: ledger.entries({ phase: "kill" }).filter((e) => e.accepted > 0).length,
        }),
        ({ runs, sent }) =>
          runs.some((r) => r.step === APPROVAL_STEP && r.status === "running") &&
          runs.some((r) => r.status === "running" && WRITING.has(r.step ?? "")) &&
          sent >= during.length / 2,
        30_000,
        100,
      )
    ).reached;
    const runsBeforeKill = new Map<string, Run[]>();
    for (const id of tenants.cycle) runsBeforeKill.set(id, await readRuns(client, id));
    const killedAt = new Date().toISOString();
    killed = true;
    await platform.kill();
    await sending;

    // ── 3. after the restart ──────────────────────────────────────────────────────
    platform = await startPlatform({
      stateDir,
      port,
      logDir: "chaos",
      logName: "platform-2.log",
      vars,
    });
    const restartedAt = new Date().toISOString();
    // What the local queue lost: accepted before the kill, applied nowhere after it.
    const lostAtKill = await lostSoFar(client, ledger, [...tenants.burst, ...tenants.cycle]);
    const replayed = await replayInFlight(client, ledger, random);
    // Every message of phase 1 once more: each must be skipped as a duplicate.
    await sendPlan(
      client,
      ledger,
      planDeliveries(
        ledger
          .entries({ phase: "before" })
          .map((e) => ({ envelope: e.envelope, effect: e.effect })),
        random,
        { copies: { min: 1, max: 1 }, maxPerRequest: MAX_PER_REQUEST },
      ),
    );
    const after = articles(tenants.ledger, 10, "after", random, reversed);
    for (const p of after) ledger.add(p.envelope, p.effect, "after");
    await sendPlan(
      client,
      ledger,
      planDeliveries(after, random, { copies: COPIES, maxPerRequest: MAX_PER_REQUEST }),
    );

    const others = all.filter((t) => !tenants.ledger.includes(t));
    waits.effects = (
      await waitUntil(
        async () =>
          (await lostSoFar(client, ledger, tenants.ledger, true)) +
          (await lostSoFar(client, ledger, others)),
        (missing) => missing === 0,
        90_000,
      )
    ).reached;
    waits.scheduled_cycle = (
      await waitUntil(
        async () =>
          Promise.all(tenants.cycle.map((t) => scheduledCycleSince(client, t, restartedAt))),
        (ran) => ran.every(Boolean),
        75_000,
        2_000,
      )
    ).reached;
    // Approvals come now, after the restart: the runs waiting for them go on from there.
    let approved = 0;
    const waitsSeen: WaitSeen[] = [];
    // The audit reads the platform at a quiet moment: the cycle tenants go on cycling
    // (and starting runs) on their schedule, so a later read could catch a new run.
    const quiet = await waitUntil(
      async () => {
        for (const id of tenants.cycle) {
          const round = await approveWaiting(client, id);
          approved += round.approved;
          waitsSeen.push(...round.seen);
        }
        return Promise.all(all.map((t) => snapshot(client, t)));
      },
      (snaps) =>
        snaps.every(
          (s) =>
            s.pending.pending === 0 &&
            s.pending.runs_to_start === 0 &&
            s.services.every((shard) => shard.pending === 0) &&
            s.runs.every((r) => FINAL_RUN.has(r.status)),
        ),
      90_000,
      2_000,
    );
    waits.quiet = quiet.reached;
    const snapshots = new Map<string, TenantSnapshot>(quiet.value.map((s) => [s.tenant, s]));
    const queues = await readQueueCounts(client);
    return {
      faults,
      approved,
      waitsSeen,
      queues,
      seed,
      ledger,
      tenants,
      reversed,
      killedAt,
      restartedAt,
      runsBeforeKill,
      snapshots,
      replayed,
      lostAtKill,
      waits,
      seconds: Math.round((Date.now() - started) / 1000),
    };
  } finally {
    await platform?.stop();
    await model?.stop();
    await rm(stateDir, { recursive: true, force: true });
  }
}
