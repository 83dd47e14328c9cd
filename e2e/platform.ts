import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { readDevSecret } from "../scripts/dev-secret";
import { signToken } from "../worker/auth/token";

export type Platform = {
  /** The platform's origin, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** Where its local state (Durable Objects, workflows) lives. */
  stateDir: string;
  /** An operator's bearer token for this platform (an hour long). */
  operatorToken: string;
  /** A bearer token for one tenant (an hour long). */
  tenantToken: (tenantId: string) => Promise<string>;
  /**
   * Stops every process of the platform, and removes its state directory unless the
   * caller gave one (`PlatformOptions.stateDir`).
   */
  stop: () => Promise<void>;
  /** A hard crash: SIGKILL to every process of the platform at once; the state stays. */
  kill: () => Promise<void>;
};

export type PlatformOptions = {
  /** Keep the state here (and leave it there on stop), e.g. to start again on it. */
  stateDir?: string;
  /** The port to listen on; a free one by default. */
  port?: number;
  /** The log's folder under test-output/ and its file name. */
  logDir?: string;
  logName?: string;
  /** Worker vars for this run (`SWITCHBOARD_VARS`), e.g. a text provider to write with. */
  vars?: Record<string, string>;
};

const repoRoot = fileURLToPath(new URL("..", import.meta.url));
const READY_TIMEOUT_MS = 120_000;
const POLL_MS = 500;
const KILL_GRACE_MS = 5_000;

/** A TCP port that was free a moment ago (the OS picks it; we release it at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("could not read the port of a listening socket"));
      });
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Signals the child's whole process group (Wrangler, workerd, esbuild...). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch (error) {
    // ESRCH: the group is already gone, which is what we wanted.
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

async function stopChild(child: ChildProcess): Promise<void> {
  killGroup(child, "SIGTERM");
  const stopped = await Promise.race([
    exited(child).then(() => true),
    sleep(KILL_GRACE_MS).then(() => false),
  ]);
  // The leader may exit before its children: always sweep the group.
  killGroup(child, "SIGKILL");
  if (!stopped) await exited(child);
}

/**
 * Starts the whole platform (`scripts/start.ts`: dashboard build + `wrangler dev`) on a
 * free port with fresh state and no demo tenants, and resolves once `/api/health` says
 * 200. Its output goes to `test-output/e2e/platform-<port>.log`. Tokens are signed with
 * the local secret `scripts/start.ts` keeps in `.dev.vars`, as `npm run token` does.
 * With `options.stateDir` (and the same `port`) it starts again on the state a stopped or
 * killed platform left.
 */
export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const port = options.port ?? (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const ownState = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), "switchboard-e2e-")));
  const logDir = join(repoRoot, "test-output", options.logDir ?? "e2e");
  await mkdir(logDir, { recursive: true });
  const logPath = join(logDir, options.logName ?? `platform-${port}.log`);
  const log = createWriteStream(logPath);

  const child = spawn(join(repoRoot, "node_modules", ".bin", "tsx"), ["scripts/start.ts"], {
    cwd: repoRoot,
    env: {
      ...process.env,
      // The project's Node 22 (the `node` devDependency) first, as under `npm run`:
      // Wrangler needs it, and `tsx` and `wrangler` find `node` through PATH.
      PATH: [join(repoRoot, "node_modules", ".bin"), process.env.PATH].join(delimiter),
      PORT: String(port),
      SWITCHBOARD_STATE_DIR: stateDir,
      SWITCHBOARD_SEED: "0",
      ...(options.vars ? { SWITCHBOARD_VARS: JSON.stringify(options.vars) } : {}),
    },
    // Its own process group, so stop() reaches everything it spawns.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      await stopChild(child);
      log.end();
      if (ownState) await rm(stateDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const kill = () => {
    stopping ??= (async () => {
      killGroup(child, "SIGKILL");
      await exited(child);
      log.end();
    })();
    return stopping;
  };

  try {
    await waitForHealth(url, child, logPath);
  } catch (error) {
    await stop();
    throw error;
  }
  const secret = readDevSecret();
  if (secret === null) {
    await stop();
    throw new Error("scripts/start.ts did not leave a signing secret in .dev.vars");
  }
  const ttlSeconds = 3600;
  const operatorToken = await signToken(
    { role: "operator", subject: "e2e-operator", ttlSeconds },
    secret,
  );
  const tenantToken = (tenant: string) => signToken({ role: "tenant", tenant, ttlSeconds }, secret);
  return { url, port, stateDir, operatorToken, tenantToken, stop, kill };
}

async function waitForHealth(url: string, child: ChildProcess, logPath: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `scripts/start.ts exited (${child.exitCode ?? child.signalCode}) before ${url}/api/health answered; see ${logPath}`,
      );
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (response.status === 200) return;
      last = `status ${response.status}`;
    } catch (error) {
      // Not listening yet; try again shortly.
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(POLL_MS);
  }
  throw new Error(
    `${url}/api/health did not answer 200 within ${READY_TIMEOUT_MS / 1000} s (${last}); see ${logPath}`,
  );
}
