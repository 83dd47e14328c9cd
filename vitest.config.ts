import { mkdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import agents from "agents/vite";
import { defineConfig } from "vitest/config";

// The Worker serves the dashboard as static assets; the directory must exist even when
// the dashboard has not been built (tests do not need it).
mkdirSync("dist/dashboard", { recursive: true });

// The Workers project's token secret. Wrangler's config check reads process.env for the
// required AUTH_SECRET; the binding below is what the Worker actually gets.
const TEST_AUTH_SECRET = "test-secret-for-vitest-only-0123456789abcdef";
process.env.AUTH_SECRET ??= TEST_AUTH_SECRET;
// The Prometheus scrape token (a required secret too): test/prometheus.test.ts scrapes with it.
const TEST_SCRAPE_TOKEN = "test-scrape-token-for-vitest-only-0123456789";
process.env.METRICS_SCRAPE_TOKEN ??= TEST_SCRAPE_TOKEN;

export default defineConfig({
  test: {
    projects: [
      {
        // Pure code (the event contract, decision functions, scripts) and the dashboard's
        // components rendered to HTML (react-dom/server): plain Node, no DOM.
        test: {
          name: "unit",
          environment: "node",
          include: [
            "events/**/*.test.ts",
            "scripts/**/*.test.ts",
            "**/*.unit.test.ts",
            "**/*.unit.test.tsx",
          ],
          exclude: ["node_modules/**", "dist/**"],
        },
      },
      {
        // Everything that needs the Workers runtime: real queues, Durable Objects with
        // SQLite and Workflows: every Worker in one, from wrangler.local.jsonc.
        plugins: [
          agents(),
          cloudflareTest({
            wrangler: { configPath: "./wrangler.local.jsonc" },
            miniflare: {
              bindings: {
                // A fixed test secret (tests mint tokens with it: test/support/auth.ts),
                // whatever a developer's .dev.vars holds.
                AUTH_SECRET: TEST_AUTH_SECRET,
                // A small ingest burst so the rate-limit test reaches 429 in a few
                // requests; other tests mint a fresh subject per request.
                INGEST_BURST: "5",
                INGEST_RATE_PER_SECOND: "1",
                // Refusals answered at once: the hold is tested on its own (refusal-hold).
                REFUSAL_HOLD_MS: "0",
                // One foreign origin allowed, so the CORS test can tell listed from not.
                CORS_ORIGINS: "https://console.example",
                // Each batch's metrics reach the OpsAgent before deliverBatch returns.
                METRICS_FLUSH_MS: "0",
                METRICS_SCRAPE_TOKEN: TEST_SCRAPE_TOKEN,
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: [
            "worker/**/*.test.ts",
            "agents/**/*.test.ts",
            "workflows/**/*.test.ts",
            "services/**/*.test.ts",
            "platform/**/*.test.ts",
            "test/**/*.test.ts",
          ],
          exclude: ["**/*.unit.test.ts", "node_modules/**", "dist/**"],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
