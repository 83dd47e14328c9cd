// `npm run deploy`: deploys every Worker (scripts/workers.ts) with wrangler: the services
// in the order their bindings need (analytics reads the publisher's objects), then the
// platform, which reads theirs. `--dry-run` bundles each without deploying (CI: `npm run
// deploy:check`), into dist/worker/<name>.
//
// `--first`, on an account where nothing is deployed yet: the platform and the services
// bind each other's Durable Objects, and Cloudflare refuses a binding to a Worker that
// does not exist (code 10061). So the platform goes out once without its bindings to the
// services, then the services, then the platform whole. Run `npm run provision` before.
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { experimental_readRawConfig } from "wrangler";
import { WORKER_CONFIGS } from "./workers";

const ROOT = resolve(fileURLToPath(new URL("..", import.meta.url)));
const args = new Set(process.argv.slice(2));
const dryRun = args.has("--dry-run");
const wrangler = join(ROOT, "node_modules", ".bin", "wrangler");

type RawConfig = {
  name: string;
  main: string;
  assets?: { directory: string };
  durable_objects?: { bindings: { script_name?: string }[] };
} & Record<string, unknown>;

/** The platform's config without bindings to other Workers, for a first deploy. */
function bootstrapConfig(): string {
  const platform = experimental_readRawConfig({ config: join(ROOT, WORKER_CONFIGS[0]) })
    .rawConfig as RawConfig;
  const dir = join(ROOT, "dist", "deploy");
  mkdirSync(dir, { recursive: true });
  const fromDir = (path: string) => relative(dir, join(ROOT, path));
  const config = {
    ...platform,
    $schema: fromDir("node_modules/wrangler/config-schema.json"),
    main: fromDir(platform.main),
    ...(platform.assets
      ? { assets: { ...platform.assets, directory: fromDir(platform.assets.directory) } }
      : {}),
    durable_objects: {
      bindings: (platform.durable_objects?.bindings ?? []).filter((b) => !b.script_name),
    },
  };
  const path = join(dir, "platform-bootstrap.json");
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`);
  return path;
}

function deploy(config: string, label: string): void {
  const outdir = join(ROOT, "dist", "worker", label);
  const flags = dryRun ? ["--dry-run", "--outdir", outdir] : [];
  console.log(`\n=== ${dryRun ? "dry run" : "deploy"}: ${label} (${relative(ROOT, config)})`);
  const run = spawnSync(wrangler, ["deploy", "-c", config, ...flags], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (run.status !== 0) {
    console.error(`${label}: wrangler deploy failed (exit ${run.status ?? run.signal})`);
    process.exit(1);
  }
}

/** A Worker's label: `platform`, or the service's folder name. */
function labelOf(config: string): string {
  return config === WORKER_CONFIGS[0] ? "platform" : basename(dirname(config));
}

if (args.has("--first") || dryRun) deploy(bootstrapConfig(), "platform-bootstrap");
for (const config of WORKER_CONFIGS.slice(1)) deploy(join(ROOT, config), labelOf(config));
deploy(join(ROOT, WORKER_CONFIGS[0]), "platform");
