/**
 * `npm run bench` (`-- --quick` for the two-minute version CI runs): Switchboard against
 * the naive per-event pipeline and BullMQ on Redis, on the same workload in one run.
 * Prints the figures and ratios and writes them to bench/results/.
 */
import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import { join } from "node:path";
import { signingSecret } from "../scripts/token";
import { signToken } from "../worker/auth/token";
import { runBullmq } from "./bullmq-baseline";
import { scaleChartSvg } from "./chart";
import { treeCpuSeconds } from "./cpu";
import { naivePipeline, switchboardPipeline } from "./pipelines";
import { repoRoot, startNaive, startRedis, startSwitchboard } from "./processes";
import { runScenario, type ScenarioResult } from "./scenario";
import { round } from "./stats";
import { buildWorkload, tenantIds } from "./workload";

const quick = process.argv.includes("--quick");
const only = process.argv.find((a) => a.startsWith("--only="))?.slice("--only=".length);
const plan = quick
  ? {
      tenants: 100,
      maxUnique: 4000,
      rateSeconds: 5,
      naiveUnique: 1500,
      scale: [1, 10, 100, 1000],
      scaleUnique: 1500,
    }
  : {
      tenants: 100,
      maxUnique: 20000,
      rateSeconds: 20,
      naiveUnique: 6000,
      scale: [1, 10, 100, 1000],
      scaleUnique: 8000,
    };
const DUPLICATE_SHARE = 0.1;
let runId = 0;

function workload(tenantCount: number, unique: number, label: string) {
  const tenants = tenantIds(tenantCount, `b${Date.now().toString(36)}-${label}-${runId++}`);
  return buildWorkload(tenants, unique, DUPLICATE_SHARE, runId);
}

function line(r: ScenarioResult): string {
  const dash = r.dashboard_latency_ms ? ` dash p50 ${round(r.dashboard_latency_ms.p50, 0)} ms` : "";
  return `  ${r.pipeline.padEnd(11)} ${String(r.tenants).padStart(5)} tenants ${r.mode.padEnd(7)} ${String(round(r.throughput, 0)).padStart(7)} ev/s  p50 ${round(r.latency_ms.p50, 0)} p95 ${round(r.latency_ms.p95, 0)} p99 ${round(r.latency_ms.p99, 0)} ms${dash}  cpu ${round(r.cpu_seconds_per_1000, 3)} s/1k  ${r.cost ? `$${round(r.cost.usd_per_million_events, 2)}/M` : "self-hosted"}  lost ${r.lost} twice ${r.applied_twice}`;
}

async function main(): Promise<void> {
  const results: ScenarioResult[] = [];
  const record = (r: ScenarioResult) => {
    results.push(r);
    console.log(line(r));
  };

  console.log(`Switchboard benchmark (${quick ? "quick" : "full"}): starting the platforms…`);
  const switchboard = await startSwitchboard();
  const naive = await startNaive();
  const redis = await startRedis();
  try {
    // The operator token that `npm start` would print; the platform reads the same local secret.
    const token = await signToken(
      { role: "operator", subject: "bench", ttlSeconds: 3600 },
      signingSecret(process.env),
    );
    // Senders use a token each: the ingest rate limit is per token subject.
    const laneTokens = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        signToken(
          { role: "service", subject: `bench-sender-${i}`, ttlSeconds: 3600 },
          signingSecret(process.env),
        ),
      ),
    );
    const sb = switchboardPipeline(switchboard, { authorization: `Bearer ${token}` }, token);
    sb.target.laneHeaders = laneTokens.map((t) => ({ authorization: `Bearer ${t}` }));
    const nv = naivePipeline(naive);

    let w: ReturnType<typeof workload>;
    if (only !== "scale") {
      console.log(
        `\nMax rate, ${plan.tenants} mixed tenants, ${DUPLICATE_SHARE * 100} % duplicates`,
      );
      w = workload(plan.tenants, plan.maxUnique, "max");
      record(await runScenario(sb, w.tenants, w.events, w.unique));
      w = workload(plan.tenants, plan.naiveUnique, "naive");
      record(await runScenario(nv, w.tenants, w.events, w.unique));
      for (const concurrency of [10, 50]) {
        w = workload(plan.tenants, plan.maxUnique, `bull${concurrency}`);
        const bull = await runBullmq({
          port: redis.port,
          events: w.events,
          concurrency,
          redisCpuSeconds: () => treeCpuSeconds(redis.pid),
        });
        record({
          pipeline: `bullmq-c${concurrency}`,
          tenants: plan.tenants,
          mode: "max",
          sent: bull.sent,
          unique: w.unique,
          duplicates_sent: w.duplicates,
          applied: bull.applied,
          duplicates_skipped: bull.duplicates,
          lost: Math.max(0, w.unique - bull.applied),
          applied_twice: Math.max(0, bull.applied - w.unique),
          seconds: bull.seconds,
          throughput: bull.throughput,
          latency_ms: bull.latency,
          cpu_seconds_per_1000: bull.cpuSecondsPer1000,
        });
      }

      for (const rate of [500, 2000]) {
        console.log(`\nFixed rate ${rate} events/s for ${plan.rateSeconds} s`);
        w = workload(
          plan.tenants,
          Math.round((rate * plan.rateSeconds) / (1 + DUPLICATE_SHARE)),
          `r${rate}`,
        );
        record(await runScenario(sb, w.tenants, w.events, w.unique, rate));
      }
    }
    console.log("\nScale: tenants in the mix");
    for (const count of plan.scale) {
      w = workload(count, plan.scaleUnique, `s${count}`);
      record(await runScenario(sb, w.tenants, w.events, w.unique));
    }
  } finally {
    await Promise.all([switchboard.stop(), naive.stop(), redis.stop()]);
  }

  const dir = join(repoRoot, "bench", "results");
  await mkdir(dir, { recursive: true });
  const file = join(dir, quick ? "quick.json" : "full.json");
  const scale = results.slice(-plan.scale.length);
  const ratios = summarizeRatios(results, scale);
  console.log(`\nRatios (${plan.tenants} mixed tenants, max rate)`);
  for (const [name, value] of Object.entries(ratios)) console.log(`  ${name.padEnd(44)} ${value}`);
  const report = { date: new Date().toISOString(), quick, machine: machine(), ratios, results };
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  const svg = await scaleChartSvg(
    scale.map((r) => ({
      tenants: r.tenants,
      throughput: r.throughput,
      usd_per_million: r.cost?.usd_per_million_events ?? null,
    })),
  );
  await writeFile(join(dir, quick ? "scale-quick.svg" : "scale.svg"), svg);
  console.log(`\nResults: ${file} and the scale chart beside it`);
  const bad = results.filter((r) => r.lost > 0 || r.applied_twice > 0);
  if (bad.length > 0) {
    console.error(
      `FAILED: events lost or applied twice in ${bad.map((r) => `${r.pipeline} ${r.mode} ${r.tenants}`).join(", ")}`,
    );
    process.exit(1);
  }
}

export function summarizeRatios(
  results: ScenarioResult[],
  scale: ScenarioResult[],
): Record<string, number | null> {
  const find = (pipeline: string, mode = "max") =>
    results.find((r) => r.pipeline === pipeline && r.mode === mode && r.tenants === plan.tenants);
  const sb = find("switchboard");
  const naive = find("naive");
  const bull = results
    .filter((r) => r.pipeline.startsWith("bullmq"))
    .sort((a, b) => b.throughput - a.throughput)[0];
  const costs = scale.map((r) => r.cost?.usd_per_million_events ?? Number.NaN);
  const ratio = (a?: number, b?: number) => (a && b ? round(a / b, 2) : null);
  return {
    "throughput switchboard / naive": ratio(sb?.throughput, naive?.throughput),
    "$ per million events switchboard / naive": ratio(
      sb?.cost?.usd_per_million_events,
      naive?.cost?.usd_per_million_events,
    ),
    "throughput switchboard / best BullMQ": ratio(sb?.throughput, bull?.throughput),
    "p99 ingest → applied at 2,000/s (ms)": find("switchboard", "2000/s")?.latency_ms.p99 ?? null,
    "cost spread 1 → 1,000 tenants (max/min)": ratio(Math.max(...costs), Math.min(...costs)),
  };
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
