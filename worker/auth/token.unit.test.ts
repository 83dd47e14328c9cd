import { sign } from "hono/jwt";
import { describe, expect, it } from "vitest";
import { MAX_TTL_SECONDS, parseTtl, signToken, verifyToken } from "./token";

/** JSON as a JWT part (base64url, no padding). */
function part(value: unknown): string {
  return btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
}

const SECRET = "unit-test-secret-0123456789abcdef-0123456789";
const NOW = Date.UTC(2026, 10, 22, 12, 0, 0);

describe("bearer tokens", () => {
  it("carries the operator role through signing and verifying", async () => {
    const token = await signToken({ role: "operator", ttlSeconds: 60 }, SECRET, NOW);
    expect(await verifyToken(token, SECRET, NOW)).toEqual({
      ok: true,
      token: { caller: { role: "operator", subject: "operator" }, expiresAt: NOW + 60_000 },
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

  it("refuses a token signed with another secret", async () => {
    const token = await signToken({ role: "operator", ttlSeconds: 60 }, `${SECRET}-other`, NOW);
    expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "bad-signature" });
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

  it("refuses a correctly signed token without an expiry or with an unknown role", async () => {
    const iat = Math.floor(NOW / 1000);
    const noExpiry = await sign({ iss: "switchboard", sub: "x", role: "operator", iat }, SECRET);
    const badRole = await sign(
      { iss: "switchboard", sub: "x", role: "root", iat, exp: iat + 60 },
      SECRET,
    );
    const tenantWithoutId = await sign(
      { iss: "switchboard", sub: "x", role: "tenant", iat, exp: iat + 60 },
      SECRET,
    );
    for (const token of [noExpiry, badRole, tenantWithoutId]) {
      expect(await verifyToken(token, SECRET, NOW)).toEqual({ ok: false, reason: "bad-claims" });
    }
  });

  it("refuses a correctly signed token from another issuer", async () => {
    const iat = Math.floor(NOW / 1000);
    const token = await sign(
      { iss: "elsewhere", sub: "x", role: "operator", iat, exp: iat + 60 },
      SECRET,
    );
    expect((await verifyToken(token, SECRET, NOW)).ok).toBe(false);
  });

  it("refuses a correctly signed token that lives longer than the maximum", async () => {
    const iat = Math.floor(NOW / 1000);
    const token = await sign(
      { iss: "switchboard", sub: "x", role: "operator", iat, exp: iat + MAX_TTL_SECONDS + 1 },
      SECRET,
    );
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
    const token = await sign(
      { iss: "switchboard", sub: "x", role: "operator", iat, nbf: iat + 30, exp: iat + 60 },
      SECRET,
    );
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
