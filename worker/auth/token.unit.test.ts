import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { parseRevocations } from "./revocations";
import {
  keyId,
  MAX_TTL_SECONDS,
  MAX_TTL_SECONDS_BY_ROLE,
  parseTtl,
  signToken,
  verifyToken,
} from "./token";

/** JSON as a JWT part (base64url, no padding). */
function part(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

const SECRET = "unit-test-secret-0123456789abcdef-0123456789";
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);
const DAY = 24 * 3600;

/** Claims signed with SECRET under its key id, as `signToken` would but with any content. */
async function signedClaims(claims: Record<string, unknown>, secret = SECRET): Promise<string> {
  const key = {
    kty: "oct",
    k: btoa(secret).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"),
    alg: "HS256",
    kid: await keyId(secret),
  };
  return sign(claims, key, "HS256");
}

/** Well-formed claims issued at NOW, for the tests that change one of them. */
function claimsAt(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(NOW / 1000);
  return {
    iss: "switchboard",
    aud: "switchboard",
    sub: "x",
    jti: "t-1",
    role: "operator",
    iat,
    exp: iat + 60,
    ...overrides,
  };
}

describe("bearer tokens", () => {
  it("carries the operator role through signing and verifying", async () => {
    const token = await signToken({ role: "operator", ttlSeconds: 60, id: "t-1" }, SECRET, NOW);
    expect(await verifyToken(token, SECRET, NOW)).toEqual({
      ok: true,
      token: {
        caller: { role: "operator", subject: "operator" },
        expiresAt: NOW + 60_000,
        id: "t-1",
      },
    });
  });

  it("carries a tenant's id and names the subject after it", async () => {
    const token = await signToken({ role: "tenant", tenant: "acme", ttlSeconds: 60 }, SECRET, NOW);
    const checked = await verifyToken(token, SECRET, NOW);
    expect(checked.ok && checked.token.caller).toEqual({
      role: "tenant",
      tenant: "acme",
      subject: "tenant:acme",
    });
  });

  it("refuses a token after its expiry", async () => {
    const token = await signToken({ role: "service", ttlSeconds: 60 }, SECRET, NOW);
    expect(await verifyToken(token, SECRET, NOW + 60_000)).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("refuses a token signed with another secret, whose key it names", async () => {
    const token = await signToken({ role: "operator", ttlSeconds: 60 }, `${SECRET}-other`, NOW);
    expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("refuses a token that names the platform's key but was signed with another secret", async () => {
    const [header] = (await signToken({ role: "operator", ttlSeconds: 60 }, SECRET, NOW)).split(
      ".",
    );
    const other = await signToken({ role: "operator", ttlSeconds: 60 }, `${SECRET}-other`, NOW);
    const [, payload, signature] = other.split(".");
    const forged = `${header}.${payload}.${signature}`;
    expect(await verifyToken(forged, SECRET, NOW)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses a token whose payload was edited after signing", async () => {
    const token = await signToken({ role: "tenant", tenant: "acme", ttlSeconds: 60 }, SECRET);
    const [header, , signature] = token.split(".");
    const payload = part({ iss: "switchboard", sub: "x", role: "operator", iat: 1, exp: 4e9 });
    const edited = `${header}.${payload}.${signature}`;
    expect(await verifyToken(edited, SECRET)).toEqual({ ok: false, reason: "bad-signature" });
  });

  it("refuses an unsigned token (alg none)", async () => {
    const header = part({ alg: "none", typ: "JWT" });
    const payload = part({ iss: "switchboard", sub: "x", role: "operator", iat: 1, exp: 4e9 });
    expect((await verifyToken(`${header}.${payload}.`, SECRET)).ok).toBe(false);
    expect((await verifyToken(`${header}.${payload}.x`, SECRET)).ok).toBe(false);
  });

  it("refuses a correctly signed token without an expiry, an id or an audience, or with an unknown role", async () => {
    const tokens = await Promise.all([
      signedClaims(claimsAt({ exp: undefined })),
      signedClaims(claimsAt({ jti: undefined })),
      signedClaims(claimsAt({ aud: undefined })),
      signedClaims(claimsAt({ aud: ["switchboard"] })),
      signedClaims(claimsAt({ role: "root" })),
      signedClaims(claimsAt({ role: "tenant" })),
    ]);
    for (const token of tokens) {
      expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "bad-claims" });
    }
  });

  it("refuses a correctly signed token from another issuer", async () => {
    const token = await signedClaims(claimsAt({ iss: "elsewhere" }));
    expect((await verifyToken(token, SECRET, NOW)).ok).toBe(false);
  });

  it("refuses a token without a key id, as tokens from before key ids were", async () => {
    const token = await sign(claimsAt(), SECRET);
    expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "unknown-key" });
  });

  it("refuses a correctly signed token that lives longer than the maximum", async () => {
    const iat = Math.floor(NOW / 1000);
    const token = await signedClaims(claimsAt({ exp: iat + MAX_TTL_SECONDS + 1 }));
    expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "bad-claims" });
  });

  it("judges every time claim at the given now, years before or after the real clock", async () => {
    const YEAR = 365 * 24 * 3600 * 1000;
    for (const now of [Date.UTC(2001, 0, 1), Date.UTC(2099, 5, 30, 23, 59, 59)]) {
      const token = await signToken({ role: "operator", ttlSeconds: 60 }, SECRET, now);
      expect((await verifyToken(token, SECRET, now)).ok).toBe(true);
      expect((await verifyToken(token, SECRET, now + 59_000)).ok).toBe(true);
      expect(await verifyToken(token, SECRET, now + 60_000)).toEqual({
        ok: false,
        reason: "expired",
      });
      // Issued a year after `now`: not valid yet, whatever the real clock says.
      expect(await verifyToken(token, SECRET, now - YEAR)).toEqual({
        ok: false,
        reason: "bad-claims",
      });
    }
  });

  it("refuses a token before its not-before time and accepts it from then on", async () => {
    const iat = Math.floor(NOW / 1000);
    const token = await signedClaims(claimsAt({ nbf: iat + 30 }));
    expect(await verifyToken(token, SECRET, NOW + 29_000)).toEqual({
      ok: false,
      reason: "bad-claims",
    });
    expect((await verifyToken(token, SECRET, NOW + 30_000)).ok).toBe(true);
  });

  it("calls anything that is not three base64url parts malformed", async () => {
    for (const token of ["", "abc", "a.b", "a.b.c.d", "a b.c.d", "é.é.é", "x".repeat(5000)]) {
      expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it("will not sign with a short secret, a bad tenant id or a TTL out of range", async () => {
    await expect(signToken({ role: "operator", ttlSeconds: 60 }, "short")).rejects.toThrow();
    await expect(
      signToken({ role: "tenant", tenant: "Not Valid", ttlSeconds: 60 }, SECRET),
    ).rejects.toThrow();
    await expect(signToken({ role: "tenant", ttlSeconds: 60 }, SECRET)).rejects.toThrow();
    await expect(signToken({ role: "operator", ttlSeconds: 0 }, SECRET)).rejects.toThrow();
  });
});

describe("the audience", () => {
  it("accepts a token for this deployment and refuses one for another", async () => {
    const staging = await signToken(
      { role: "operator", ttlSeconds: 60, audience: "staging" },
      SECRET,
      NOW,
    );
    expect((await verifyToken(staging, SECRET, NOW, { audience: "staging" })).ok).toBe(true);
    expect(await verifyToken(staging, SECRET, NOW, { audience: "production" })).toEqual({
      ok: false,
      reason: "wrong-audience",
    });
    // Without an audience of its own, a verifier expects the default one.
    expect(await verifyToken(staging, SECRET, NOW)).toEqual({
      ok: false,
      reason: "wrong-audience",
    });
  });
});

describe("rotating the secret", () => {
  const NEW = "rotated-secret-0123456789abcdef-0123456789";

  it("names its key in the header, a different id for each secret", async () => {
    const token = await signToken({ role: "operator", ttlSeconds: 60 }, SECRET, NOW);
    const header = JSON.parse(atob(token.split(".")[0] ?? "")) as Record<string, unknown>;
    expect(header).toEqual({ alg: "HS256", typ: "JWT", kid: await keyId(SECRET) });
    expect(await keyId(NEW)).not.toBe(await keyId(SECRET));
    expect(await keyId(SECRET)).not.toContain(SECRET.slice(0, 8));
  });

  it("accepts tokens of the previous secret during the overlap, and new ones throughout", async () => {
    // Given a token signed before the rotation and one after
    const before = await signToken({ role: "service", ttlSeconds: 3600 }, SECRET, NOW);
    const after = await signToken({ role: "service", ttlSeconds: 3600 }, NEW, NOW);

    // During the overlap (new secret, the old one as previous) both verify
    for (const token of [before, after]) {
      expect((await verifyToken(token, [NEW, SECRET], NOW)).ok).toBe(true);
    }
    // Once the previous secret is dropped, only the new one's do
    expect(await verifyToken(before, [NEW], NOW)).toEqual({ ok: false, reason: "unknown-key" });
    expect((await verifyToken(after, [NEW], NOW)).ok).toBe(true);
  });
});

describe("revoking tokens", () => {
  it("refuses a revoked token id, and every token of a revoked subject", async () => {
    const leaked = await signToken(
      { role: "service", ttlSeconds: 60, id: "t-leaked" },
      SECRET,
      NOW,
    );
    const sibling = await signToken(
      { role: "service", ttlSeconds: 60, id: "t-other" },
      SECRET,
      NOW,
    );
    const worker = await signToken(
      { role: "service", subject: "research-worker", ttlSeconds: 60 },
      SECRET,
      NOW,
    );
    const { revocations, ignored } = parseRevocations("t-leaked, sub:research-worker\nsub: é");

    expect(ignored).toEqual(["sub:", "é"]);
    expect(await verifyToken(leaked, SECRET, NOW, { revoked: revocations })).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect(await verifyToken(worker, SECRET, NOW, { revoked: revocations })).toEqual({
      ok: false,
      reason: "revoked",
    });
    expect((await verifyToken(sibling, SECRET, NOW, { revoked: revocations })).ok).toBe(true);
  });
});

describe("the lifetime of each role", () => {
  it.each([
    ["operator", 1],
    ["tenant", 30],
    ["service", 90],
  ] as const)("signs %s tokens for at most %i days, and no longer", async (role, days) => {
    const request = {
      role,
      ttlSeconds: days * DAY,
      ...(role === "tenant" ? { tenant: "acme" } : {}),
    };
    expect(MAX_TTL_SECONDS_BY_ROLE[role]).toBe(days * DAY);
    expect((await verifyToken(await signToken(request, SECRET, NOW), SECRET, NOW)).ok).toBe(true);
    await expect(
      signToken({ ...request, ttlSeconds: days * DAY + 1 }, SECRET, NOW),
    ).rejects.toThrow(new RegExp(`a ${role} token lives 1 s to ${days} days?`));
  });

  it("refuses a correctly signed token that lives longer than its role allows", async () => {
    const iat = Math.floor(NOW / 1000);
    const operator = await signedClaims(claimsAt({ exp: iat + DAY + 1 }));
    const tenant = await signedClaims(
      claimsAt({ role: "tenant", tenant: "acme", exp: iat + 30 * DAY + 1 }),
    );
    for (const token of [operator, tenant]) {
      expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "bad-claims" });
    }
    // The same lifetime is fine for a service.
    const service = await signedClaims(claimsAt({ role: "service", exp: iat + 30 * DAY + 1 }));
    expect((await verifyToken(service, SECRET, NOW)).ok).toBe(true);
  });
});

describe("parseTtl", () => {
  it("reads seconds, minutes, hours and days", () => {
    expect(parseTtl("90")).toBe(90);
    expect(parseTtl("90s")).toBe(90);
    expect(parseTtl("15m")).toBe(900);
    expect(parseTtl("12h")).toBe(43_200);
    expect(parseTtl("30d")).toBe(2_592_000);
  });

  it("rejects other shapes and values out of range", () => {
    for (const text of ["", "h", "1w", "-5m", "1.5h", "0", "400d"]) {
      expect(() => parseTtl(text)).toThrow();
    }
  });
});

describe("a token used again", () => {
  it("is judged afresh on every use, though its signature is checked once", async () => {
    // Given a token that verified once
    const token = await signToken({ role: "service", ttlSeconds: 60, id: "t-again" }, SECRET, NOW);
    expect((await verifyToken(token, SECRET, NOW)).ok).toBe(true);

    // When the same text comes again: past its expiry, once revoked, once its secret is
    // rotated away, and with one character of its signature changed
    const { revocations } = parseRevocations("t-again");
    const tampered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;

    // Then each is refused for its own reason, and it still verifies as it was.
    expect(await verifyToken(token, SECRET, NOW + 61_000)).toEqual({
      ok: false,
      reason: "expired",
    });
    expect(await verifyToken(token, SECRET, NOW, { revoked: revocations })).toEqual({
      ok: false,
      reason: "revoked",
    });
    const other = "another-unit-test-secret-0123456789abcdef";
    expect(await verifyToken(token, [other], NOW)).toEqual({ ok: false, reason: "unknown-key" });
    expect((await verifyToken(tampered, SECRET, NOW)).ok).toBe(false);
    expect((await verifyToken(token, SECRET, NOW)).ok).toBe(true);
  });
});
