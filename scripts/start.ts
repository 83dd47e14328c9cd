/**
 * `npm start`: the whole platform offline on the local Workers runtime. Builds the
 * dashboard, makes sure a local token signing secret exists (.dev.vars), runs
 * `wrangler dev` on the sources (agents, queues, workflows, cron), waits for the API,
 * fires the platform cron every minute (`local-cron.ts`: Wrangler does not by itself),
 * seeds the demo tenants as an operator and prints login links: one for the operator
 * and one per demo tenant.
 *
 * PORT (default 8787) picks the port; SWITCHBOARD_STATE_DIR where local state is kept
 * (default .wrangler/state); SWITCHBOARD_SEED=0 skips the demo tenants; SWITCHBOARD_VARS
 * (a JSON object) sets Worker vars for the run.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { signToken } from "../worker/auth/token";
import { seedDemoTenants } from "./demo-tenants";
import { DEV_VARS_PATH, ensureDevSecret } from "./dev-secret";
import { startLocalCron } from "./local-cron";
import { extraVars, offlineEnv } from "./local-env";

const root = resolve(import.meta.dirname, "..");
const port = Number(process.env.PORT ?? 8787);
const stateDir = resolve(process.env.SWITCHBOARD_STATE_DIR ?? resolve(root, ".wrangler/state"));
const origin = `http://127.0.0.1:${port}`;
const env = offlineEnv(root);
const bin = (name: string) => resolve(root, "node_modules/.bin", name);

function buildDashboard(): void {
  const build = spawnSync(
    bin("vite"),
    ["build", "--config", "dashboard/vite.config.ts", "--logLevel", "warn"],
    {
      cwd: root,
      env,
      stdio: "inherit",
    },
  );
  if (build.status !== 0) throw new Error("the dashboard did not build");
}

function runWrangler(): ChildProcess {
  return spawn(
    bin("wrangler"),
    [
      "dev",
      "-c",
      "wrangler.local.jsonc",
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      stateDir,
      "--test-scheduled",
      // Published pages announce absolute URLs on this origin.
      "--var",
      `PUBLIC_ORIGIN:${origin}`,
      ...extraVars(process.env.SWITCHBOARD_VARS),
      "--show-interactive-dev-session=false",
    ],
    { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] },
  );
}

async function waitForHealth(child: ChildProcess, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler exited with code ${child.exitCode}`);
    try {
      const response = await fetch(`${origin}/api/health`);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the platform did not answer on ${origin} within ${timeoutMs / 1000} s`);
}

/** Login links last as long as a working day; `npm run token` makes longer ones. */
const LINK_TTL_SECONDS = 12 * 3600;

function loginLink(token: string): string {
  return `${origin}/?token=${token}`;
}

async function main(): Promise<void> {
  buildDashboard();
  // Before wrangler starts: it reads AUTH_SECRET from .dev.vars once, at start.
  const { secret, created } = ensureDevSecret();
  if (created) console.log(`Wrote a new local token signing secret to ${DEV_VARS_PATH}`);
  const operatorToken = await signToken(
    { role: "operator", subject: "local-operator", ttlSeconds: LINK_TTL_SECONDS },
    secret,
  );
  const wrangler = runWrangler();
  const stop = () => wrangler.kill("SIGTERM");
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  wrangler.on("exit", (code) => process.exit(code ?? 0));

  await waitForHealth(wrangler);
  // Wrangler does not fire cron triggers by itself: run the platform sweep every minute.
  startLocalCron(origin);
  const seeded =
    process.env.SWITCHBOARD_SEED === "0"
      ? []
      : await seedDemoTenants(origin, { authorization: `Bearer ${operatorToken}` });
  const lines = [`\nSwitchboard is running at ${origin}`, "", "Log in (links valid 12 h):"];
  lines.push(`  operator            ${loginLink(operatorToken)}`);
  for (const tenant of seeded) {
    const token = await signToken({ role: "tenant", tenant, ttlSeconds: LINK_TTL_SECONDS }, secret);
    lines.push(`  ${tenant.padEnd(19)} ${loginLink(token)}`);
  }
  lines.push("", "More tokens: npm run token -- --role operator|tenant|service [--tenant <id>]\n");
  console.log(lines.join("\n"));
}

main().catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
