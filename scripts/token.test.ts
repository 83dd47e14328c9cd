import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { signToken, verifyToken } from "../worker/auth/token";
import { ensureDevSecret, readDevSecret } from "./dev-secret";
import { parseTokenArgs, signingSecret } from "./token";

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), "switchboard-secret-")), ".dev.vars");
}

describe("the local signing secret", () => {
  it("is generated once, readable only by its owner, and then reused", () => {
    const path = tempFile();
    const first = ensureDevSecret(path);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(43);
    expect(statSync(path).mode & 0o077).toBe(0);
    expect(ensureDevSecret(path)).toEqual({ secret: first.secret, created: false });
    expect(readDevSecret(path)).toBe(first.secret);
  });

  it("is added to an existing .dev.vars without touching its other lines", () => {
    const path = tempFile();
    writeFileSync(path, "OTHER=1");
    const { secret } = ensureDevSecret(path);
    expect(readFileSync(path, "utf8")).toMatch(
      new RegExp(`^OTHER=1\\n(#.*\\n)?AUTH_SECRET=${secret}\\n$`),
    );
  });

  it("reads quoted values and reports a missing file or line as null", () => {
    const path = tempFile();
    expect(readDevSecret(path)).toBeNull();
    writeFileSync(path, 'X=1\nAUTH_SECRET="quoted-secret"\n');
    expect(readDevSecret(path)).toBe("quoted-secret");
    writeFileSync(path, "X=1\n");
    expect(readDevSecret(path)).toBeNull();
  });
});

describe("npm run token", () => {
  it("makes a tenant token that verifies with the same secret", async () => {
    const path = tempFile();
    const { secret } = ensureDevSecret(path);
    const token = await signToken(
      parseTokenArgs(["--role", "tenant", "--tenant", "acme", "--ttl", "15m"]),
      signingSecret({}, path),
    );
    const checked = await verifyToken(token, secret);
    expect(checked.ok && checked.token.caller).toEqual({
      role: "tenant",
      tenant: "acme",
      subject: "tenant:acme",
    });
  });

  it("defaults to 12 hours and prefers AUTH_SECRET from the environment", () => {
    expect(parseTokenArgs(["--role", "operator"]).ttlSeconds).toBe(12 * 3600);
    expect(signingSecret({ AUTH_SECRET: "from-env" }, tempFile())).toBe("from-env");
  });

  it("refuses a missing role, a tenant without an id and a stray --tenant", () => {
    expect(() => parseTokenArgs([])).toThrow(/--role/);
    expect(() => parseTokenArgs(["--role", "admin"])).toThrow(/--role/);
    expect(() => parseTokenArgs(["--role", "tenant"])).toThrow(/--tenant/);
    expect(() => parseTokenArgs(["--role", "service", "--tenant", "x"])).toThrow(/--tenant/);
    expect(() => parseTokenArgs(["--role", "operator", "--ttl", "forever"])).toThrow(/ttl/);
  });

  it("makes tokens for the deployment's audience: --audience, else AUTH_AUDIENCE, else the default", () => {
    expect(parseTokenArgs(["--role", "operator"]).audience).toBe("switchboard");
    expect(parseTokenArgs(["--role", "operator"], { AUTH_AUDIENCE: "staging" }).audience).toBe(
      "staging",
    );
    const named = parseTokenArgs(["--role", "operator", "--audience", "prod"], {
      AUTH_AUDIENCE: "staging",
    });
    expect(named.audience).toBe("prod");
  });

  it("gives each token an id to revoke it by, or the one asked for", () => {
    const first = parseTokenArgs(["--role", "service"]).id;
    expect(first).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseTokenArgs(["--role", "service"]).id).not.toBe(first);
    expect(parseTokenArgs(["--role", "service", "--id", "svc-2026-05"]).id).toBe("svc-2026-05");
  });

  it("refuses a TTL longer than the role may have", () => {
    expect(parseTokenArgs(["--role", "operator", "--ttl", "1d"]).ttlSeconds).toBe(86_400);
    expect(() => parseTokenArgs(["--role", "operator", "--ttl", "2d"])).toThrow(/at most 1 day$/);
    expect(() => parseTokenArgs(["--role", "tenant", "--tenant", "acme", "--ttl", "31d"])).toThrow(
      /at most 30 days/,
    );
    expect(parseTokenArgs(["--role", "service", "--ttl", "90d"]).ttlSeconds).toBe(90 * 86_400);
    expect(() => parseTokenArgs(["--role", "service", "--ttl", "91d"])).toThrow(/ttl/);
  });

  it("makes the local secret when there is none yet, as npm start would", () => {
    const path = tempFile();
    const secret = signingSecret({}, path);
    expect(readDevSecret(path)).toBe(secret);
  });
});
