/**
 * `npx tsx bench/floor/run.ts [--quick]`: the local runtime's per-call floor. Starts the
 * floor Worker (bench/floor/worker.ts) under `wrangler dev` on a free port, has it time
 * Durable Object calls from the Worker side, prints a table, writes
 * bench/results/floor.json and stops it. The main bench runs this first.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot, startBenchWorker } from "../processes";
import { round } from "../stats";

export type FloorFigure = {
  case: string;
  inflight: number;
  calls: number;
  rows_per_call: number;
  us_per_call: number;
  us_per_row: number | null;
};

export type FloorReport = {
  date: string;
  /** One RPC that writes one row, 1 call in flight: what every agent call pays at least. */
  floor_us_per_call: number;
  /** An RPC that does nothing, 1 call in flight. */
  empty_rpc_us: number;
  figures: FloorFigure[];
};

type FloorCase = { name: string; rows: number };

/** Calls in flight, each lane to its own object; the quick run measures two levels. */
const inflightFor = (quick: boolean) => (quick ? [1, 16] : [1, 8, 32]);

/** Calls per measurement: enough that a millisecond clock gives a steady average. */
function callsFor(rows: number, quick: boolean): number {
  const base = rows === 0 ? 1000 : rows === 1 ? 500 : 100;
  return quick ? base : base * 4;
}

export async function runFloor(quick: boolean): Promise<FloorReport> {
  const worker = await startBenchWorker("floor", "bench/floor/wrangler.jsonc");
  const figures: FloorFigure[] = [];
  try {
    const cases = (await (await fetch(`${worker.url}/cases`)).json()) as FloorCase[];
    for (const { name, rows } of cases) {
      for (const inflight of inflightFor(quick)) {
        const query = new URLSearchParams({
          case: name,
          inflight: String(inflight),
          calls: String(callsFor(rows, quick)),
        });
        const response = await fetch(`${worker.url}/measure?${query}`);
        if (!response.ok) throw new Error(`floor ${name} answered ${response.status}`);
        figures.push((await response.json()) as FloorFigure);
      }
    }
  } finally {
    await worker.stop();
  }
  const at = (name: string) =>
    figures.find((f) => f.case === name && f.inflight === 1)?.us_per_call ?? Number.NaN;
  return {
    date: new Date().toISOString(),
    floor_us_per_call: at("1 row (1 INSERT)"),
    empty_rpc_us: at("empty RPC"),
    figures,
  };
}

export function floorTable(report: FloorReport): string {
  const lines = [
    `  ${"case".padEnd(34)} ${"in flight".padStart(9)} ${"µs/call".padStart(9)} ${"µs/row".padStart(8)}`,
  ];
  for (const f of report.figures) {
    const perRow = f.us_per_row === null ? "" : String(round(f.us_per_row, 1));
    lines.push(
      `  ${f.case.padEnd(34)} ${String(f.inflight).padStart(9)} ${String(round(f.us_per_call, 0)).padStart(9)} ${perRow.padStart(8)}`,
    );
  }
  return lines.join("\n");
}

export async function writeFloor(report: FloorReport): Promise<string> {
  const dir = join(repoRoot, "bench", "results");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "floor.json");
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

// Runs only as a script, so run.ts can import runFloor without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log("Per-call floor of the local runtime (Durable Object calls timed by a Worker)");
  const report = await runFloor(process.argv.includes("--quick"));
  console.log(floorTable(report));
  console.log(`\nResults: ${await writeFloor(report)}`);
}
