import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { onError } from "../../platform/http/problem";
import { access, gate, OPERATOR, OPERATOR_OR_SCRAPE } from "./access";
import { isScrapeToken } from "./scrape-token";

const TOKEN = "scrape-token-for-unit-tests-0123456789abcdef";
const env = {
  AUTH_SECRET: "unit-test-secret-0123456789abcdef-0123456789",
  METRICS_SCRAPE_TOKEN: TOKEN,
} as unknown as Env;
/** The env with another scrape token (an optional secret: the generated Env omits it). */
const withToken = (token: string) => ({ ...env, METRICS_SCRAPE_TOKEN: token }) as unknown as Env;

describe("the scrape token", () => {
  it("matches only itself", async () => {
    expect(await isScrapeToken(env, TOKEN)).toBe(true);
    expect(await isScrapeToken(env, `${TOKEN}x`)).toBe(false);
    expect(await isScrapeToken(env, TOKEN.slice(0, -1))).toBe(false);
    expect(await isScrapeToken(env, null)).toBe(false);
  });

  it("matches nothing when none is set, or one too short to trust", async () => {
    expect(await isScrapeToken(withToken(""), "")).toBe(false);
    expect(await isScrapeToken(withToken("short"), "short")).toBe(false);
  });

  it("opens the rules that take it and no other", async () => {
    const app = new Hono<{ Bindings: Env }>()
      .use(gate())
      .get("/metrics", access(OPERATOR_OR_SCRAPE), (c) => c.text("ok"))
      .get("/other", access(OPERATOR), (c) => c.text("ok"));
    app.onError(onError);
    const headers = { authorization: `Bearer ${TOKEN}` };
    expect((await app.request("/metrics", { headers }, env)).status).toBe(200);
    expect((await app.request("/other", { headers }, env)).status).toBe(401);
  });
});
