/**
 * Bearer tokens: HS256 JWTs that carry a role (docs/SECURITY.md), signed with AUTH_SECRET
 * and named by a key id derived from it, so a rotated-out secret still verifies while
 * AUTH_SECRET_PREVIOUS holds it. No Workers APIs here, so `npm run token`, the tests and
 * the Worker share one codec.
 */
import { decode, sign, verify } from "hono/jwt";
import { z } from "zod";
import { TenantId } from "../../events";
import { Caller, type Role, Subject } from "../../events/caller";
import { isRevoked, NO_REVOCATIONS, type Revocations } from "./revocations";

/** Every token names this issuer; a JWT from anything else is refused. */
export const ISSUER = "switchboard";
/** The deployment a token is for (`aud`) when AUTH_AUDIENCE names no other. */
export const DEFAULT_AUDIENCE = "switchboard";
/** A secret shorter than this is treated as missing: HS256 wants at least 256 bits. */
export const MIN_SECRET_LENGTH = 32;
const DAY_SECONDS = 24 * 60 * 60;
/**
 * The longest each role's token may live: none is signed for longer, and one whose
 * `exp - iat` is longer is refused even when its signature holds. People's tokens are
 * the shortest: they travel in browsers and URLs.
 */
export const MAX_TTL_SECONDS_BY_ROLE: Readonly<Record<Role, number>> = {
  operator: DAY_SECONDS,
  tenant: 30 * DAY_SECONDS,
  service: 90 * DAY_SECONDS,
};
/** The longest any token may live (a service's). */
export const MAX_TTL_SECONDS = Math.max(...Object.values(MAX_TTL_SECONDS_BY_ROLE));
/** How far ahead of the verifier's clock a token's `iat` may be (clocks drift between hosts). */
export const CLOCK_SKEW_SECONDS = 60;

/** A token id (`jti`) or audience: visible ASCII, like a subject. */
const Name = Subject;

const Claims = z.object({
  iss: z.literal(ISSUER),
  aud: Name,
  sub: Subject,
  jti: Name,
  role: z.enum(["operator", "tenant", "service"]),
  tenant: TenantId.optional(),
  iat: z.number().int().nonnegative(),
  exp: z.number().int().positive(),
  nbf: z.number().int().nonnegative().optional(),
});

/** What a token says once its signature, audience, expiry and standing have been checked. */
export type VerifiedToken = { caller: Caller; expiresAt: number; id: string };

/** Why a token was refused, for the 401's `detail` (never the token itself). */
export type TokenRefusal =
  | "malformed"
  | "expired"
  | "bad-signature"
  | "bad-claims"
  | "wrong-audience"
  | "unknown-key"
  | "revoked";

export type TokenCheck = { ok: true; token: VerifiedToken } | { ok: false; reason: TokenRefusal };

/**
 * What to put in a new token. `subject` defaults to the role (and tenant id), `audience`
 * to DEFAULT_AUDIENCE, `id` (the `jti` a revocation names) to a random UUID.
 */
export type TokenRequest = {
  role: Caller["role"];
  tenant?: string;
  subject?: string;
  ttlSeconds: number;
  audience?: string;
  id?: string;
};

/** What a verifier accepts besides the keys: its audience, and the tokens it has revoked. */
export type VerifyOptions = { audience?: string; revoked?: Revocations };

const kids = new Map<string, Promise<string>>();

/**
 * The key id (`kid`) of a signing secret: the first 16 characters of the base64url
 * SHA-256 of it, so every holder of the secret derives the same id and none needs
 * configuring. It identifies the key without helping anyone guess it.
 */
export function keyId(secret: string): Promise<string> {
  let kid = kids.get(secret);
  if (!kid) {
    kid = crypto.subtle
      .digest("SHA-256", new TextEncoder().encode(`switchboard key id\n${secret}`))
      .then((digest) => base64Url(new Uint8Array(digest)).slice(0, 16));
    kids.set(secret, kid);
  }
  return kid;
}

/**
 * Signs a token with `secret` (naming its key id); throws on a request that could never
 * verify (bad tenant id, audience or id, a TTL past the role's maximum, a short secret).
 */
export async function signToken(
  request: TokenRequest,
  secret: string,
  now: number = Date.now(),
): Promise<string> {
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new Error(`the signing secret must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const audience = Name.safeParse(request.audience ?? DEFAULT_AUDIENCE);
  const id = Name.safeParse(request.id ?? crypto.randomUUID());
  if (!audience.success || !id.success) {
    throw new Error("the audience and the token id must be 1-128 visible ASCII characters");
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
  const maxTtl = MAX_TTL_SECONDS_BY_ROLE[caller.role];
  const ttl = request.ttlSeconds;
  if (!Number.isInteger(ttl) || ttl < 1 || ttl > maxTtl) {
    throw new Error(`a ${caller.role} token lives 1 s to ${describeSeconds(maxTtl)}, not ${ttl} s`);
  }
  const iat = Math.floor(now / 1000);
  // As a JSON Web Key, so that the header names it (`kid`); the key bytes are the secret's.
  const key = {
    kty: "oct",
    k: base64Url(new TextEncoder().encode(secret)),
    alg: "HS256",
    kid: await keyId(secret),
  };
  return sign(
    {
      iss: ISSUER,
      aud: audience.data,
      sub: caller.subject,
      jti: id.data,
      role: caller.role,
      ...(caller.role === "tenant" ? { tenant: caller.tenant } : {}),
      iat,
      exp: iat + ttl,
    },
    key,
    "HS256",
  );
}

/**
 * Verifies a token: HS256 only, signed with the one of `secrets` its `kid` names (the
 * current secret first, then any still accepted during a rotation), issued by Switchboard
 * for `audience`, valid at `now` (not expired, not before its `nbf`, not issued in the
 * future), living no longer than its role's maximum, well-formed, and not revoked.
 */
export async function verifyToken(
  token: string,
  secrets: string | readonly string[],
  now: number = Date.now(),
  options: VerifyOptions = {},
): Promise<TokenCheck> {
  // JWTs are three base64url parts; anything else is not worth handing to the verifier.
  if (token.length > 4096 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
    return { ok: false, reason: "malformed" };
  }
  const secret = await secretNamedBy(token, typeof secrets === "string" ? [secrets] : secrets);
  if (secret === "malformed" || secret === "unknown-key") return { ok: false, reason: secret };
  let payload = verifiedBefore(token, secret);
  if (payload === undefined) {
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
    rememberVerified(token, secret, payload);
  }
  const claims = Claims.safeParse(payload);
  if (!claims.success) return { ok: false, reason: "bad-claims" };
  const { aud, sub, jti, role, tenant, iat, exp, nbf } = claims.data;
  if (aud !== (options.audience ?? DEFAULT_AUDIENCE))
    return { ok: false, reason: "wrong-audience" };
  if (exp * 1000 <= now) return { ok: false, reason: "expired" };
  if (nbf !== undefined && nbf * 1000 > now) return { ok: false, reason: "bad-claims" };
  if ((iat - CLOCK_SKEW_SECONDS) * 1000 > now) return { ok: false, reason: "bad-claims" };
  if (exp - iat > MAX_TTL_SECONDS_BY_ROLE[role]) return { ok: false, reason: "bad-claims" };
  const caller = Caller.safeParse({
    role,
    subject: sub,
    ...(role === "tenant" ? { tenant } : {}),
  });
  if (!caller.success || (role !== "tenant" && tenant !== undefined)) {
    return { ok: false, reason: "bad-claims" };
  }
  if (isRevoked(options.revoked ?? NO_REVOCATIONS, jti, sub))
    return { ok: false, reason: "revoked" };
  return { ok: true, token: { caller: caller.data, expiresAt: exp * 1000, id: jti } };
}

/**
 * Tokens whose signature this isolate checked, by the token's exact text, with the
 * secret that verified it and its claims. A caller sends the same token with every
 * request; checking the signature (a key import and an HMAC) once is enough, while the
 * claims are judged again at each `now` (expiry, revocation). Only good signatures are
 * kept; a secret rotated away no longer matches.
 */
const verified = new Map<string, { secret: string; payload: unknown }>();
const MAX_VERIFIED = 1_000;

function verifiedBefore(token: string, secret: string): unknown {
  const entry = verified.get(token);
  return entry?.secret === secret ? entry.payload : undefined;
}

function rememberVerified(token: string, secret: string, payload: unknown): void {
  // Past the bound, the oldest goes (Map order is insertion order).
  if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value ?? "");
  verified.set(token, { secret, payload });
}

/** The secret whose key id the token's header names, or why there is none. */
async function secretNamedBy(
  token: string,
  secrets: readonly string[],
): Promise<string | "malformed" | "unknown-key"> {
  let header: unknown;
  try {
    header = decode(token).header;
  } catch {
    // `decode` throws only JwtTokenInvalid: a part that is not base64url JSON.
    return "malformed";
  }
  const kid = typeof header === "object" && header !== null && "kid" in header ? header.kid : null;
  if (typeof kid !== "string") return "unknown-key";
  for (const secret of secrets) if ((await keyId(secret)) === kid) return secret;
  return "unknown-key";
}

function refusalOf(error: unknown): TokenRefusal {
  const name = error instanceof Error ? error.name : "";
  if (name === "JwtTokenExpired") return "expired";
  if (name === "JwtTokenSignatureMismatched") return "bad-signature";
  if (name === "JwtTokenIssuer" || name === "JwtTokenNotBefore") return "bad-claims";
  return "malformed";
}

function base64Url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");
}

function describeSeconds(seconds: number): string {
  const days = seconds / DAY_SECONDS;
  return Number.isInteger(days) ? `${days} day${days === 1 ? "" : "s"}` : `${seconds} s`;
}

/**
 * Parses a time to live like `90s`, `15m`, `12h`, `30d` (or plain seconds) into seconds;
 * at most the longest any role may have (the role's own maximum is `signToken`'s check).
 */
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
