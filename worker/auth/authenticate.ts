import type { Caller } from "../../events/caller";
import { ProblemError } from "../../platform/http/problem";
import { authAudience, authKeys, authRevocations } from "./secret";
import { type TokenRefusal, verifyToken } from "./token";

const REFUSALS: Record<TokenRefusal | "missing", string> = {
  missing: "This route needs a bearer token (Authorization: Bearer <token>).",
  malformed: "The bearer token is not a well-formed token.",
  expired: "The bearer token has expired; ask for a new one.",
  "bad-signature": "The bearer token's signature does not verify.",
  "bad-claims": "The bearer token's claims are not valid.",
  "wrong-audience": "The bearer token is for another deployment (its audience is not this one's).",
  "unknown-key":
    "The bearer token was signed with a key this platform does not accept (it may have been rotated out); ask for a new one.",
  revoked: "The bearer token has been revoked; ask for a new one.",
};

/** 401 with the challenge RFC 6750 asks for: the caller should (re)authenticate. */
export function unauthorized(reason: TokenRefusal | "missing"): ProblemError {
  const error = reason === "missing" ? "" : ', error="invalid_token"';
  return new ProblemError(401, "unauthorized", "Unauthorized", REFUSALS[reason], undefined, {
    "www-authenticate": `Bearer realm="switchboard"${error}`,
  });
}

/** 403: the token is good, but its role or tenant may not do this. */
export function forbidden(detail: string): ProblemError {
  return new ProblemError(403, "forbidden", "Forbidden", detail);
}

/** 503: no signing secret is configured, so nothing protected is served (fail closed). */
export function authUnavailable(): ProblemError {
  return new ProblemError(
    503,
    "auth-unavailable",
    "Authentication unavailable",
    "The platform has no token signing secret configured (AUTH_SECRET); protected routes are closed until it is set.",
  );
}

/** Reads `Authorization: Bearer <token>`; null when there is no such header. */
export function bearerToken(header: string | undefined | null): string | null {
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? "");
  return match?.[1] ?? null;
}

/**
 * The verified caller of a token, with when its token expires, or the ProblemError to
 * answer with: 503 when no secret is configured, 401 when the token is missing, forged,
 * expired, malformed, for another audience, under an unknown key or revoked.
 */
export async function authenticate(
  env: Env,
  token: string | null,
  now: number = Date.now(),
): Promise<Caller> {
  const keys = authKeys(env);
  if (keys === null) throw authUnavailable();
  if (token === null) throw unauthorized("missing");
  const checked = await verifyToken(token, keys, now, {
    audience: authAudience(env),
    revoked: authRevocations(env),
  });
  if (!checked.ok) throw unauthorized(checked.reason);
  return { ...checked.token.caller, expires_at: checked.token.expiresAt };
}
