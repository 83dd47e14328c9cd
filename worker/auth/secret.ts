import { log } from "../../platform/log";
import { NO_REVOCATIONS, parseRevocations, type Revocations } from "./revocations";
import { DEFAULT_AUDIENCE, MIN_SECRET_LENGTH } from "./token";

const warned = new Set<string>();

/** Logs one error per kind of misconfiguration per isolate, not one per request. */
function warnOnce(key: string, msg: string): void {
  if (warned.has(key)) return;
  warned.add(key);
  log({ level: "error", msg });
}

/**
 * An optional setting that `wrangler.jsonc` does not declare (a secret set only while it
 * is needed), so the generated Env does not know it.
 */
function optional(env: Env, name: "AUTH_SECRET_PREVIOUS" | "AUTH_REVOKED"): string | undefined {
  const value: unknown = (env as unknown as Record<string, unknown>)[name];
  return typeof value === "string" && value.trim() !== "" ? value : undefined;
}

/**
 * The token signing secret (a Wrangler secret in production, `.dev.vars` locally), or
 * null when it is missing or too short to trust. Callers then refuse every protected
 * request with 503: a platform without a secret fails closed, never open.
 */
export function authSecret(env: Env): string | null {
  // Typed as a string by `secrets.required`, but an undeployed secret is simply absent.
  const secret: unknown = env.AUTH_SECRET;
  if (typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH) return secret;
  warnOnce(
    "secret",
    `AUTH_SECRET is missing or shorter than ${MIN_SECRET_LENGTH} characters; every protected request gets 503 (wrangler secret put AUTH_SECRET)`,
  );
  return null;
}

/**
 * The secrets a token may be signed with: AUTH_SECRET, then AUTH_SECRET_PREVIOUS while a
 * rotation overlaps (each token's `kid` says which). Null when there is no usable
 * current secret; an unusable previous one is left out, with one error logged.
 */
export function authKeys(env: Env): string[] | null {
  const current = authSecret(env);
  if (current === null) return null;
  const previous = optional(env, "AUTH_SECRET_PREVIOUS");
  if (previous === undefined || previous === current) return [current];
  if (previous.length >= MIN_SECRET_LENGTH) return [current, previous];
  warnOnce(
    "previous",
    `AUTH_SECRET_PREVIOUS is shorter than ${MIN_SECRET_LENGTH} characters and is ignored: tokens signed with it are refused`,
  );
  return [current];
}

/** The deployment tokens must be for (`aud`): AUTH_AUDIENCE, or the default. */
export function authAudience(env: Env): string {
  const audience: unknown = env.AUTH_AUDIENCE;
  return typeof audience === "string" && audience.trim() !== ""
    ? audience.trim()
    : DEFAULT_AUDIENCE;
}

let parsed: { text: string; revocations: Revocations } | null = null;

/** The revoked tokens and subjects of AUTH_REVOKED, parsed once per value. */
export function authRevocations(env: Env): Revocations {
  const text = optional(env, "AUTH_REVOKED");
  if (text === undefined) return NO_REVOCATIONS;
  if (parsed?.text !== text) {
    const { revocations, ignored } = parseRevocations(text);
    if (ignored.length > 0) {
      warnOnce(
        `revoked:${text}`,
        `AUTH_REVOKED has ${ignored.length} entries that can never match a token (ignored): ${ignored.slice(0, 5).join(", ")}`,
      );
    }
    parsed = { text, revocations };
  }
  return parsed.revocations;
}
