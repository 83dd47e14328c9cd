import { env } from "cloudflare:workers";
import { signToken, type TokenRequest } from "../../worker/auth/token";

/** A secret the Worker does not know: tokens signed with it are forgeries. */
export const FORGERY_SECRET = "not-the-platform-secret-but-long-enough-0123456789";

type Mint = Omit<TokenRequest, "ttlSeconds"> & { ttlSeconds?: number };

/**
 * A token the test Worker accepts (signed with its AUTH_SECRET from vitest.config.ts).
 * Each gets its own subject unless one is given, so the per-subject ingest rate limit
 * never couples two tests.
 */
export function mintToken(
  request: Mint,
  options: { secret?: string; now?: number } = {},
): Promise<string> {
  return signToken(
    {
      ttlSeconds: 3600,
      subject: `test-${request.role}-${crypto.randomUUID().slice(0, 8)}`,
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

/** A well-formed, unexpired token for `request`, signed with the wrong secret. */
export function forgedToken(request: Mint): Promise<string> {
  return mintToken(request, { secret: FORGERY_SECRET });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

/** Headers of a fresh operator token: what most tests act as. */
export async function asOperator(): Promise<Record<string, string>> {
  return bearer(await mintToken({ role: "operator" }));
}
