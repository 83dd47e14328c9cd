import { mkdirSync } from "node:fs";
import { cloudflareTest } from "@cloudflare/vitest-plugin";
import agents from "agents/vite";
import { defineConfig } from "vitest/config";

// The Worker serves the dashboard as static assets; the directory must exist even when
// the dashboard has not been built (tests do not need it).
mkdirSync("dist/dashboard", { recursive: true });

export default defineConfig({
  test: {
    projects: [
      {
        // Pure code (the event contract, decision functions, scripts): plain Node.
        test: {
          name: "unit",
          environment: "node",
          include: ["events/**/*.test.ts", "scripts/**/*.test.ts", "**/*.unit.test.ts"],
          exclude: ["node_modules/**", "dist/**"],
        },
      },
      {
        // Everything that needs the Workers runtime: real queues, Durable Objects with
        // SQLite and Workflows, from wrangler.jsonc.
        plugins: [agents(), cloudflareTest({ wrangler: { configPath: "./wrangler.jsonc" } })],
        test: {
          name: "workers",
          include: [
            "worker/**/*.test.ts",
            "agents/**/*.test.ts",
            "workflows/**/*.test.ts",
            "services/**/*.test.ts",
            "test/**/*.test.ts",
          ],
          exclude: ["**/*.unit.test.ts", "node_modules/**", "dist/**"],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
