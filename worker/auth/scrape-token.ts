/**
 * The scrape token: a static secret (`METRICS_SCRAPE_TOKEN`) that a Prometheus server
 * sends as `Authorization: Bearer <token>`, because a scraper keeps one credential for
 * months while the platform's signed tokens expire. It is no role and carries no caller:
 * a policy rule with `scrape: true` (only `GET /metrics`) accepts it, and no other rule
 * does, so it can read the metrics and nothing else (auth/authorize.ts).
 */

import { log } from "../../platform/log";
import { MIN_SECRET_LENGTH } from "./token";

let warned = false;

/** The configured scrape token; null when none is set or it is too short to trust. */
export function scrapeToken(env: Env): string | null {
  // Not a required secret (a deploy without one must not fail, and wrangler.jsonc does
  // not declare it, so Env does not know it): unset, only operator tokens scrape.
  const token: unknown = (env as unknown as Record<string, unknown>).METRICS_SCRAPE_TOKEN;
  if (typeof token !== "string" || token === "") return null;
  if (token.length >= MIN_SECRET_LENGTH) return token;
  if (!warned) {
    warned = true;
    log({
      level: "error",
      msg: `METRICS_SCRAPE_TOKEN is shorter than ${MIN_SECRET_LENGTH} characters and is ignored: only operator tokens may scrape /metrics`,
    });
  }
  return null;
}

/**
 * Whether `presented` is the scrape token, compared in constant time: both are hashed
 * (SHA-256) first, so the comparison always runs over 32 bytes whatever their lengths,
 * and every byte is compared however early they differ.
 */
export async function isScrapeToken(env: Env, presented: string | null): Promise<boolean> {
  const expected = scrapeToken(env);
  if (expected === null || presented === null) return false;
  const [a, b] = await Promise.all([digest(expected), digest(presented)]);
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}
