import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { freePort } from "../e2e/platform";
import { offlineEnv } from "../scripts/local-env";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));

export type Running = { url: string; pid: number; stop: () => Promise<void> };

/**
 * Starts a local server process in its own process group on a free port with a fresh
 * state directory, and resolves once `healthPath` answers 200.
 */
export async function startServer(options: {
  name: string;
  command: string;
  args: (port: number, stateDir: string) => string[];
  env?: Record<string, string>;
  /** Resolves true once the server answers. */
  ready: (url: string, port: number) => Promise<boolean>;
}): Promise<Running & { port: number }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const stateDir = await mkdtemp(join(stateRoot(), `switchboard-bench-${options.name}-`));
  const logDir = join(repoRoot, "bench", "results", "logs");
  await mkdir(logDir, { recursive: true });
  const log = createWriteStream(join(logDir, `${options.name}.log`));
  const child = spawn(options.command, options.args(port, stateDir), {
    cwd: repoRoot,
    env: {
      ...offlineEnv(repoRoot),
      PATH: [join(repoRoot, "node_modules", ".bin"), process.env.PATH].join(delimiter),
      PORT: String(port),
      SWITCHBOARD_STATE_DIR: stateDir,
      SWITCHBOARD_SEED: "0",
      ...options.env,
    },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const stop = async () => {
    killGroup(child, "SIGTERM");
    await sleep(1500);
    killGroup(child, "SIGKILL");
    log.end();
    await rm(stateDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      if (await options.ready(url, port)) return { url, port, pid: child.pid ?? 0, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
  await stop();
  throw new Error(`${options.name} did not start; see bench/results/logs/${options.name}.log`);
}

/**
 * Where every bench server keeps its state: memory (`/dev/shm`) when the machine has it,
 * else the temp dir; `BENCH_STATE_DIR` chooses. Why memory: the local runtime's SQLite
 * syncs every commit to disk on the one thread that also runs every agent, which a
 * Durable Object in production does not (its commit is replicated while the isolate
 * runs on); Redis's everysec sync is as cheap in both places. The same root serves
 * both pipelines, and the per-call floor is measured on it (docs/PERFORMANCE.md).
 */
export function stateRoot(): string {
  if (process.env.BENCH_STATE_DIR) return process.env.BENCH_STATE_DIR;
  try {
    accessSync("/dev/shm", constants.W_OK);
    return "/dev/shm";
  } catch {
    return tmpdir();
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Switchboard itself, from source, as `npm start` runs it. The throughput scenarios
 * measure the event path, not the per-tenant quota (1,000 events/s per tenant by
 * default), which their one-tenant scenario would otherwise meet: they lift it. The
 * fairness scenario measures the quotas, and sets its own.
 */
export function startSwitchboard(
  vars: Record<string, string> = {
    TENANT_EVENTS_PER_SECOND: "1000000",
    TENANT_EVENTS_BURST: "1000000",
  },
): Promise<Running> {
  return startServer({
    name: "switchboard",
    command: join(repoRoot, "node_modules", ".bin", "tsx"),
    args: () => ["scripts/start.ts"],
    env: { SWITCHBOARD_VARS: JSON.stringify(vars) },
    ready: httpOk("/api/health"),
  });
}

/** A bench-only Worker (bench/naive, bench/floor) under `wrangler dev`, from its own config. */
export function startBenchWorker(name: string, config: string): Promise<Running> {
  return startServer({
    name,
    command: join(repoRoot, "node_modules", ".bin", "wrangler"),
    args: (port, stateDir) => [
      "dev",
      "-c",
      config,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--persist-to",
      stateDir,
      "--show-interactive-dev-session=false",
    ],
    ready: httpOk("/health"),
  });
}

/** The naive per-event pipeline (bench/naive). */
export function startNaive(): Promise<Running> {
  return startBenchWorker("naive", "bench/naive/wrangler.jsonc");
}

/**
 * The fair baseline (bench/baseline): its HTTP ingest and its BullMQ worker, each in its
 * own Node process as they would be deployed, on the given Redis.
 */
export async function startFairBaseline(redisPort: number): Promise<Running & { pids: number[] }> {
  const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
  const env = { REDIS_PORT: String(redisPort) };
  const worker = await startServer({
    name: "baseline-worker",
    command: tsx,
    args: () => ["bench/baseline/worker.ts"],
    env,
    ready: httpOk("/health"),
  });
  const server = await startServer({
    name: "baseline-server",
    command: tsx,
    args: () => ["bench/baseline/server.ts"],
    env,
    ready: httpOk("/health"),
  }).catch(async (error: unknown) => {
    await worker.stop();
    throw error;
  });
  return {
    url: server.url,
    pid: server.pid,
    pids: [server.pid, worker.pid],
    stop: async () => {
      await Promise.all([server.stop(), worker.stop()]);
    },
  };
}

const httpOk = (path: string) => async (url: string) => (await fetch(url + path)).status === 200;

/**
 * Redis on a loopback port, for the BullMQ baselines, with the persistence a production
 * queue would use: the append-only file, fsynced every second.
 */
export function startRedis(): Promise<Running & { port: number }> {
  return startServer({
    name: "redis",
    command: "redis-server",
    args: (port, stateDir) => [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      stateDir,
      "--save",
      "",
      "--appendonly",
      "yes",
      "--appendfsync",
      "everysec",
    ],
    ready: (_url, port) => redisPing(port),
  });
}

function redisPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.on("connect", () => socket.write("PING\r\n"));
    socket.on("data", (data) => {
      socket.destroy();
      resolve(data.toString().startsWith("+PONG"));
    });
    socket.on("error", () => resolve(false));
  });
}
