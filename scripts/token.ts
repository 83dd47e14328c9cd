/**
 * `npm run token -- --role operator | --role tenant --tenant <id> | --role service`
 * prints a signed bearer token on stdout (and nothing else, so `$(npm run -s token -- ...)`
 * works), and its id on stderr (the id AUTH_REVOKED names to withdraw it).
 *
 * Options: `--ttl 12h` (s, m, h or d; default 12h; at most 1 day for an operator, 30 for a
 * tenant, 90 for a service), `--subject <name>` (who it is for; the rate limit counts per
 * subject), `--audience <name>` (the deployment it is for; default AUTH_AUDIENCE from the
 * environment, else `switchboard`), `--id <id>` (default a random UUID). The secret is
 * AUTH_SECRET from the environment, or else the local one in `.dev.vars` (created here or
 * by `npm start` if there is none yet).
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import {
  DEFAULT_AUDIENCE,
  MAX_TTL_SECONDS_BY_ROLE,
  parseTtl,
  signToken,
  type TokenRequest,
} from "../worker/auth/token";
import { ensureDevSecret } from "./dev-secret";

const USAGE =
  "usage: npm run token -- --role operator|tenant|service [--tenant <id>] [--ttl 12h] [--subject <name>] [--audience <name>] [--id <id>]";

/**
 * The token request the command line asks for (the audience defaulting to the
 * environment's AUTH_AUDIENCE); throws with a message for a person.
 */
export function parseTokenArgs(
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): TokenRequest & { id: string } {
  const { values } = parseArgs({
    args: [...args],
    options: {
      role: { type: "string" },
      tenant: { type: "string" },
      ttl: { type: "string", default: "12h" },
      subject: { type: "string" },
      audience: { type: "string" },
      id: { type: "string" },
    },
    strict: true,
  });
  const role = values.role;
  if (role !== "operator" && role !== "tenant" && role !== "service") {
    throw new Error(`--role must be operator, tenant or service\n${USAGE}`);
  }
  if (role === "tenant" && !values.tenant)
    throw new Error(`--role tenant needs --tenant <id>\n${USAGE}`);
  if (role !== "tenant" && values.tenant) throw new Error(`--tenant goes only with --role tenant`);
  const ttlSeconds = parseTtl(values.ttl);
  const maxDays = MAX_TTL_SECONDS_BY_ROLE[role] / 86_400;
  if (ttlSeconds > MAX_TTL_SECONDS_BY_ROLE[role]) {
    throw new Error(
      `--ttl: a ${role} token lives at most ${maxDays} day${maxDays === 1 ? "" : "s"}`,
    );
  }
  return {
    role,
    ttlSeconds,
    audience: values.audience ?? (env.AUTH_AUDIENCE?.trim() || DEFAULT_AUDIENCE),
    id: values.id ?? crypto.randomUUID(),
    ...(values.tenant ? { tenant: values.tenant } : {}),
    ...(values.subject ? { subject: values.subject } : {}),
  };
}

/**
 * The secret to sign with: the environment's AUTH_SECRET (a production secret, say),
 * else the local one in `.dev.vars`, made now if there is none (a running `wrangler dev`
 * reads it only when it starts).
 */
export function signingSecret(env: NodeJS.ProcessEnv, devVarsPath?: string): string {
  if (env.AUTH_SECRET) return env.AUTH_SECRET;
  const { secret, created } = ensureDevSecret(devVarsPath);
  if (created)
    console.error(`Wrote a new local token signing secret to ${devVarsPath ?? ".dev.vars"}`);
  return secret;
}

async function main(args: readonly string[]): Promise<number> {
  try {
    const request = parseTokenArgs(args, process.env);
    const token = await signToken(request, signingSecret(process.env));
    process.stdout.write(`${token}\n`);
    // On stderr, so that `$(npm run -s token -- ...)` still captures the token alone.
    console.error(`token id ${request.id} (revoke it by adding it to AUTH_REVOKED)`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

// Runs only as a script, so tests can import the functions without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main(process.argv.slice(2));
}
