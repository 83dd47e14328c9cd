/**
 * The local token signing secret: `AUTH_SECRET` in `.dev.vars` (git-ignored), which
 * `wrangler dev` reads. `npm start` creates it on first run; `npm run token` and the
 * browser tests read it. Production uses a Wrangler secret instead (docs/SECURITY.md).
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";

/** `.dev.vars` at the repository root, next to wrangler.jsonc. */
export const DEV_VARS_PATH = resolve(import.meta.dirname, "..", ".dev.vars");

const LINE = /^\s*AUTH_SECRET\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S*))\s*$/m;

/** AUTH_SECRET from a dotenv-style file; null when the file or the line is missing. */
export function readDevSecret(path: string = DEV_VARS_PATH): string | null {
  if (!existsSync(path)) return null;
  const match = LINE.exec(readFileSync(path, "utf8"));
  const secret = match?.[1] ?? match?.[2] ?? match?.[3];
  return secret ? secret : null;
}

/**
 * The local secret, generated (256 random bits, base64url) and written to `path` when
 * there is none yet. Other lines of an existing file are kept.
 */
export function ensureDevSecret(path: string = DEV_VARS_PATH): {
  secret: string;
  created: boolean;
} {
  const existing = readDevSecret(path);
  if (existing !== null) return { secret: existing, created: false };
  const secret = randomBytes(32).toString("base64url");
  const line = `# Local token signing secret (npm start made it; never commit it).\nAUTH_SECRET=${secret}\n`;
  if (existsSync(path)) {
    const text = readFileSync(path, "utf8");
    appendFileSync(path, `${text === "" || text.endsWith("\n") ? "" : "\n"}${line}`);
  } else {
    writeFileSync(path, line, { mode: 0o600 });
  }
  return { secret, created: true };
}
