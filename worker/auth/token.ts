/**
 * Bearer tokens: HS256 JWTs signed with AUTH_SECRET that carry a role (docs/SECURITY.md).
 * No Workers APIs here, so `npm run token`, the tests and the Worker share one codec.
 */
import { sign, verify } from "hono/jwt";
import { z } from "zod";
import { Caller, Subject } from "../../agents/shared/caller";
import { TenantId } from "../../events";

/** Every token names this issuer; a JWT from anything else is refused. */
export const ISSUER = "switchboard";
/** A secret shorter than this is treated as missing: HS256 wants at least 256 bits. */
export const MIN_SECRET_LENGTH = 32;
/** The longest a token may live; a longer one is refused even when its signature holds. */
export const MAX_TTL_SECONDS = 366 * 24 * 60 * 60;
/** How far ahead of the verifier's clock a token's `iat` may be (clocks drift between hosts). */
export const CLOCK_SKEW_SECONDS = 60;

const Claims = z.object({
  iss: z.literal(ISSUER),
  sub: Subject,
  role: z.enum(["operator", "tenant", "service"]),
  tenant: TenantId.optional(),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  nbf: z.number().int().nonnegative().optional(),
});

/** What a token says once its signature, issuer and expiry have been checked. */
export type VerifiedToken = { caller: Caller; expiresAt: number };

/** Why a token was refused, for the 401's `detail` (never the token itself). */
export type TokenRefusal = "malformed" | "expired" | "bad-signature" | "bad-claims";

export type TokenCheck = { ok: true; token: VerifiedToken } | { ok: false; reason: TokenRefusal };

/** What to put in a new token. `subject` defaults to the role (and tenant id). */
export type TokenRequest = {
  role: Caller["role"];
  tenant?: string;
  subject?: string;
  ttlSeconds: number;
};

/** Signs a token; throws on a request that could never verify (bad tenant id, TTL, secret). */
export async function signToken(
  request: TokenRequest,
  secret: string,
  now: number = Date.now(),
): Promise<string> {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the signing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  if (
    !Number.isInteger(request.ttlSeconds) ||
    request.ttlSeconds < 1 ||
    request.ttlSeconds > MAX_TTL_SECONDS
  ) {
    throw new Error(`ttl must be 1 s to ${MAX_TTL_SECONDS} s`);
  }
  const subject =
    request.subject ?? (request.role === "tenant" ? `tenant:${request.tenant}` : request.role);
  const parsed = Caller.safeParse({
    role: request.role,
    subject,
    ...(request.role === "tenant" ? { tenant: request.tenant } : {}),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`cannot make this token: ${issue?.path.join(".")} ${issue?.message}`);
  }
  const caller = parsed.data;
  const iat = Math.floor(now / 1000);
  return sign(
    {
      iss: ISSUER,
      sub: caller.subject,
      role: caller.role,
      ...(caller.role === "tenant" ? { tenant: caller.tenant } : {}),
      iat,
      exp: iat + request.ttlSeconds,
    },
    secret,
    "HS256",
  );
}

/**
 * Verifies a token: HS256 only, signed with `secret`, issued by Switchboard, valid at `now`
 * (not expired, not before its `nbf`, not issued in the future), carrying an expiry at most
 * MAX_TTL_SECONDS after its issue, and well-formed claims.
 */
export async function verifyToken(
  token: string,
  secret: string,
  now: number = Date.now(),
): Promise<TokenCheck> {
  // JWTs are three base64url parts; anything else is not worth handing to the verifier.
  if (token.length > 4096 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    return { ok: false, reason: "malformed" };
  }
  let payload: unknown;
  try {
    // The library judges time claims by its own clock; they are judged below at `now`
    // instead, so a caller (a test, a script, a replay) gets one consistent answer.
    payload = await verify(token, secret, {
      alg: "HS256",
      iss: ISSUER,
      exp: false,
      nbf: false,
      iat: false,
    });
  } catch (error) {
    return { ok: false, reason: refusalOf(error) };
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) return { ok: false, reason: "bad-claims" };
  const { sub, role, tenant, iat, exp, nbf } = claims.data;
  if (exp * 1000 <= now) return { ok: false, reason: "expired" };
  if (nbf !== undefined && nbf * 1000 > now) return { ok: false, reason: "bad-claims" };
  if ((iat - CLOCK_SKEW_SECONDS) * 1000 > now) return { ok: false, reason: "bad-claims" };
  if (exp - iat > MAX_TTL_SECONDS) return { ok: false, reason: "bad-claims" };
  const caller = Caller.safeParse({
    role,
    subject: sub,
    ...(role === "tenant" ? { tenant } : {}),
  });
  if (!caller.success || (role !== "tenant" && tenant !== undefined)) {
    return { ok: false, reason: "bad-claims" };
  }
  return { ok: true, token: { caller: caller.data, expiresAt: exp * 1000 } };
}

function refusalOf(error: unknown): TokenRefusal {
  const name = error instanceof Error ? error.name : "";
  if (name === "JwtTokenExpired") return "expired";
  if (name === "JwtTokenSignatureMismatched") return "bad-signature";
  if (name === "JwtTokenIssuer" || name === "JwtTokenNotBefore") return "bad-claims";
  return "malformed";
}

/** Parses a time to live like `90s`, `15m`, `12h`, `30d` (or plain seconds) into seconds. */
export function parseTtl(text: string): number {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim());
  if (!match) throw new Error(`ttl "${text}" is not like 90s, 15m, 12h or 30d`);
  const unit = { "": 1, s: 1, m: 60, h: 3600, d: 86_400 }[match[2] ?? ""] ?? 1;
  const seconds = Number(match[1]) * unit;
  if (seconds < 1 || seconds > MAX_TTL_SECONDS) {
    throw new Error(`ttl must be between 1 s and ${MAX_TTL_SECONDS / 86_400} days`);
  }
  return seconds;
}
