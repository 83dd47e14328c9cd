import { env } from "cloudflare:workers";
import { sign } from "hono/jwt";
import { ISSUER, keyId, signToken, type TokenRequest } from "../../worker/auth/token";

/** A secret the Worker does not know: tokens signed with it are forgeries. */
export const FORGERY_SECRET = "not-the-platform-secret-but-long-enough-0123456789";

type Mint = Omit<TokenRequest, "ttlSeconds"> & { ttlSeconds?: number };

/**
 * A token the test Worker accepts (signed with its AUTH_SECRET from vitest.config.ts, for
 * its AUTH_AUDIENCE). Each gets its own subject unless one is given, so the per-subject
 * ingest rate limit never couples two tests.
 */
export function mintToken(
  request: Mint,
  options: { secret?: string; now?: number } = {},
): Promise<string> {
  return signToken(
    {
      ttlSeconds: 3600,
      subject: `test-${request.role}-${crypto.randomUUID().slice(0, 8)}`,
      audience: env.AUTH_AUDIENCE,
      ...request,
    },
    options.secret ?? env.AUTH_SECRET,
    options.now,
  );
}

/** A well-formed token for `request` that expired an hour ago. */
export function expiredToken(request: Mint): Promise<string> {
  return mintToken({ ...request, ttlSeconds: 60 }, { now: Date.now() - 2 * 3600 * 1000 });
}

/**
 * A well-formed, unexpired token for `request` that names the platform's key (`kid`) but
 * is signed with another secret: only its signature gives it away.
 */
export async function forgedToken(request: Mint): Promise<string> {
  const real = await mintToken(request);
  const [, payload] = real.split(".");
  const claims = JSON.parse(atob((payload ?? "").replace(/-/g, "+").replace(/_/g, "/"))) as object;
  const key = {
    kty: "oct",
    k: btoa(FORGERY_SECRET).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"),
    alg: "HS256",
    kid: await keyId(env.AUTH_SECRET),
  };
  return sign({ ...claims, iss: ISSUER }, key, "HS256");
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Headers of a fresh operator token: what most tests act as. */
export async function asOperator(): Promise<Record<string, string>> {
  return bearer(await mintToken({ role: "operator" }));
}
