// `npm run provision`: creates every queue the Workers name (scripts/workers.ts) on the
// Cloudflare account wrangler is logged in to — each command queue, `events`, and every
// dead-letter queue with its own — so a first `npm run deploy` finds them. A queue that
// already exists is left as it is: running it again is safe. `--dry-run` prints the plan.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { experimental_readRawConfig } from "wrangler";
import { WORKER_CONFIGS } from "./workers";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));

type QueueConfig = {
  queues?: {
    producers?: { queue: string }[];
    consumers?: { queue: string; dead_letter_queue?: string }[];
  };
};

/** Every queue any Worker produces to, consumes, or names as a dead-letter queue, sorted. */
export function queuesToProvision(root = ROOT): string[] {
  const names = new Set<string>();
  for (const path of WORKER_CONFIGS) {
    const { queues } = experimental_readRawConfig({ config: join(root, path) })
      .rawConfig as QueueConfig;
    for (const p of queues?.producers ?? []) names.add(p.queue);
    for (const c of queues?.consumers ?? []) {
      names.add(c.queue);
      if (c.dead_letter_queue) names.add(c.dead_letter_queue);
    }
  }
  return [...names].sort();
}

/** Whether wrangler's answer says the queue was there before (Cloudflare's code 11009). */
export function alreadyExists(output: string): boolean {
  return /already exists|\b11009\b/i.test(output);
}

function provision(dryRun: boolean): void {
  const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");
  let failed = 0;
  for (const queue of queuesToProvision()) {
    if (dryRun) {
      console.log(`would create ${queue}`);
      continue;
    }
    const run = spawnSync(wrangler, ["queues", "create", queue], { cwd: ROOT, encoding: "utf8" });
    const output = `${run.stdout}${run.stderr}`;
    if (run.status === 0) console.log(`created ${queue}`);
    else if (alreadyExists(output)) console.log(`exists  ${queue}`);
    else {
      failed++;
      console.error(`failed  ${queue}\n${output}`);
    }
  }
  if (failed > 0) process.exit(1);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  provision(process.argv.includes("--dry-run"));
}
