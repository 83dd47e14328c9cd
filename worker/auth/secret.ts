import { MIN_SECRET_LENGTH } from "./token";

let warned = false;

/**
 * The token signing secret (a Wrangler secret in production, `.dev.vars` locally), or
 * null when it is missing or too short to trust. Callers then refuse every protected
 * request with 503: a platform without a secret fails closed, never open.
 */
export function authSecret(env: Env): string | null {
  // Typed as a string by `secrets.required`, but an undeployed secret is simply absent.
  const secret: unknown = env.AUTH_SECRET;
  if (typeof secret === "string" && secret.length >= MIN_SECRET_LENGTH) return secret;
  if (!warned) {
    warned = true;
    console.error(
      JSON.stringify({
        level: "error",
        msg: `AUTH_SECRET is missing or shorter than ${MIN_SECRET_LENGTH} characters; every protected request gets 503 (wrangler secret put AUTH_SECRET)`,
      }),
    );
  }
  return null;
}
