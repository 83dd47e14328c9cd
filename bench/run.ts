/**
 * `npm run bench` (`-- --quick` for the short version CI runs; `-- --only=rate,scale`
 * for some sections; `-- --scale=1,10` for other scale sizes): the runtime's per-call
 * floor first, then Switchboard against the fair baseline (Node HTTP + BullMQ on Redis),
 * the naive per-event pipeline and bare BullMQ, on the same workload in one run. Prints
 * every run, the medians and spreads and the ratios, and writes them to bench/results/.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { signingSecret } from "../scripts/token";
import { signToken } from "../worker/auth/token";
import { scaleChartSvg } from "./chart";
import { FAIRNESS_BOUND, type FairnessResult, runFairness } from "./fairness";
import { type FloorReport, floorTable, runFloor, writeFloor } from "./floor/run";
import { fairBaselinePipeline, naivePipeline, switchboardPipeline } from "./pipelines";
import { FULL, type Pipelines, QUICK, type Section, steps } from "./plan";
import {
  type Running,
  repoRoot,
  startFairBaseline,
  startNaive,
  startRedis,
  startSwitchboard,
} from "./processes";
import { type Recorded, ratios, runLine, summarizeRuns, summaryLine } from "./report";

const quick = process.argv.includes("--quick");
const flag = (name: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const only = flag("only")?.split(",");
const wanted = (name: string) => !only || only.includes(name);
const sections = new Set((["max", "rate", "scale"] as const).filter(wanted)) as Set<Section>;
const plan = {
  ...(quick ? QUICK : FULL),
  ...(flag("scale") ? { scale: (flag("scale") ?? "").split(",").map(Number) } : {}),
};

/** Tokens outlive the longest run; the signing secret is the one the platform reads. */
async function tokens() {
  const sign = (role: "operator" | "service", subject: string) =>
    signToken({ role, subject, ttlSeconds: 24 * 3600 }, signingSecret(process.env));
  const operator = await sign("operator", "bench");
  // Senders use a token each (the ingest rate limit is per token subject), each speaking
  // for the social service, which produces the bench's social.posted.
  const lanes = await Promise.all(
    Array.from({ length: 8 }, (_, i) => sign("service", `social:bench-sender-${i}`)),
  );
  return { operator, lanes: lanes.map((t) => ({ authorization: `Bearer ${t}` })) };
}

async function main(): Promise<void> {
  let floor: FloorReport | undefined;
  if (wanted("floor")) {
    // First, on a quiet machine: the runtime's own cost of one Durable Object call.
    console.log("Per-call floor of the local runtime (Durable Object calls timed by a Worker)");
    floor = await runFloor(quick);
    console.log(floorTable(floor));
    await writeFloor(floor);
  }
  const results: Recorded[] = [];
  const failures: Failure[] = [];
  if (sections.size > 0) await runPlatforms(results, failures);
  let fairness: FairnessResult | null = null;
  if (wanted("fairness")) {
    // Its own platform, with the default quotas, once the others have stopped.
    console.log("\nfairness: one tenant floods ingest and cycles, another sends 40 events/s");
    try {
      fairness = await runFairness(quick);
      console.log(fairnessLine(fairness));
    } catch (error) {
      failures.push({
        pipeline: "switchboard",
        scenario: "fairness",
        round: 1,
        error: String(error),
      });
      console.error(`  switchboard fairness: FAILED (${String(error)})`);
    }
  }

  const summaries = summarizeRuns(results);
  if (plan.rounds > 1) {
    console.log(`\nMedians (min–max) over ${plan.rounds} rounds`);
    for (const s of summaries) console.log(summaryLine(s));
  }
  const headline = ratios(summaries, plan, floor);
  console.log(`\nRatios and headline figures (${plan.tenants} mixed tenants unless named)`);
  for (const [name, value] of Object.entries(headline))
    console.log(`  ${name.padEnd(48)} ${value}`);

  const dir = join(repoRoot, "bench", "results");
  await mkdir(dir, { recursive: true });
  // A run of some sections (`--only=…`) keeps its own files beside the whole run's.
  const part = only ? `-${only.join("-")}` : "";
  const file = join(dir, `${quick ? "quick" : "full"}${part}.json`);
  const report = {
    date: new Date().toISOString(),
    quick,
    machine: machine(),
    plan,
    ratios: headline,
    floor: floor ?? null,
    fairness,
    summary: summaries,
    results,
    failures,
  };
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const scale = summaries.filter(
    (s) => s.pipeline === "switchboard" && s.scenario.startsWith("scale "),
  );
  if (scale.length > 0) {
    const svg = await scaleChartSvg(
      scale.map((s) => ({
        tenants: s.tenants,
        throughput: s.throughput.median,
        usd_per_million: s.usd_per_million?.median ?? null,
      })),
    );
    await writeFile(join(dir, `scale${quick ? "-quick" : ""}${part}.svg`), svg);
  }
  console.log(`\nResults: ${file}${scale.length > 0 ? " and the scale chart beside it" : ""}`);

  const bad = [
    ...results.filter((r) => r.lost > 0 || r.applied_twice > 0 || !r.completed),
    ...failures,
  ];
  if (bad.length > 0) {
    const named = bad.map((r) => `${r.pipeline} ${r.scenario} (round ${r.round})`).join(", ");
    console.error(`FAILED: events lost, applied twice or never settled in ${named}`);
    process.exit(1);
  }
}

function fairnessLine(f: FairnessResult): string {
  const floodAnswers = Object.entries(f.flood)
    .map(([status, n]) => `${n}×${status}`)
    .join(", ");
  const byRound =
    f.rounds.length > 1
      ? `; by round ${f.rounds.map((r) => `${r.ratio.toFixed(2)}×`).join(", ")}`
      : "";
  return [
    `  quiet tenant (${f.rounds.length} round${f.rounds.length > 1 ? "s pooled" : ""}) p50/p99 alone ${f.quiet.p50}/${f.quiet.p99} ms (n=${f.quiet.n}),`,
    `beside the control ${f.control.p50}/${f.control.p99} ms (n=${f.control.n}, ${f.requests_per_second.control} requests/s answered 404 at the gate),`,
    `beside the flood ${f.flooded.p50}/${f.flooded.p99} ms (n=${f.flooded.n}, ${f.requests_per_second.flood} requests/s):`,
    `${f.ratio.toFixed(2)}× alone (bound ${FAIRNESS_BOUND}×, ${f.ratio <= FAIRNESS_BOUND ? "met" : "NOT MET"}),`,
    `${f.ratio_to_control.toFixed(2)}× the control;`,
    `flooder's requests: ${floodAnswers}${byRound}`,
  ].join(" ");
}

/** A scenario that threw: it never completed. */
type Failure = { pipeline: string; scenario: string; round: number; error: string };

/** Starts what the sections need, runs every round, stops everything. */
async function runPlatforms(results: Recorded[], failures: Failure[]): Promise<void> {
  console.log(`\nSwitchboard benchmark (${quick ? "quick" : "full"}): starting the platforms…`);
  const running: Running[] = [];
  try {
    const { operator, lanes } = await tokens();
    const track = <T extends Running>(start: Promise<T>) =>
      start.then((r) => {
        running.push(r);
        return r;
      });
    // Side by side: start-up is not measured. allSettled, so whatever did start is stopped.
    const [sbStart, naiveStart, fairStart] = await Promise.allSettled([
      track(startSwitchboard()),
      sections.has("max") ? track(startNaive()) : undefined,
      sections.has("max") || sections.has("rate")
        ? track(startRedis()).then(async (redis) => ({
            redis,
            fair: await track(startFairBaseline(redis.port)),
          }))
        : undefined,
    ]);
    for (const start of [sbStart, naiveStart, fairStart])
      if (start.status === "rejected") throw start.reason;
    if (sbStart.status !== "fulfilled") throw new Error("Switchboard did not start");
    const switchboard = sbStart.value;
    const target = {
      url: switchboard.url,
      path: "",
      headers: { authorization: `Bearer ${operator}` },
      laneHeaders: lanes,
    };
    const p: Pipelines = { switchboard: switchboardPipeline(switchboard, target, operator) };
    if (naiveStart.status === "fulfilled" && naiveStart.value)
      p.naive = naivePipeline(naiveStart.value);
    if (fairStart.status === "fulfilled" && fairStart.value) {
      const { redis, fair } = fairStart.value;
      p.fair = fairBaselinePipeline(fair, redis.pid, lanes);
      p.redis = redis;
    }
    for (let round = 1; round <= plan.rounds; round++) {
      // Alternate the order, so drift over the run does not always favour the same side.
      const ordered = steps(plan, sections, p);
      if (round % 2 === 0) ordered.reverse();
      console.log(plan.rounds > 1 ? `\nRound ${round} of ${plan.rounds}` : "");
      let section = "";
      for (const step of ordered) {
        if (step.section !== section) console.log(`${step.section}:`);
        section = step.section;
        const started = Date.now();
        try {
          const result = await step.run();
          const wall_seconds = (Date.now() - started) / 1000;
          const recorded: Recorded = { ...result, scenario: step.scenario, round, wall_seconds };
          results.push(recorded);
          console.log(runLine(recorded));
        } catch (error) {
          // Recorded and reported as a failure; the other scenarios still run.
          const { pipeline, scenario } = step;
          failures.push({ pipeline, scenario, round, error: String(error) });
          console.error(`  ${pipeline} ${scenario}: FAILED (${String(error)})`);
        }
      }
    }
  } finally {
    await Promise.all(running.map((r) => r.stop()));
  }
}

function machine(): Record<string, string | number> {
  return {
    cpus: os.cpus().length,
    model: os.cpus()[0]?.model ?? "unknown",
    memory_gb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
