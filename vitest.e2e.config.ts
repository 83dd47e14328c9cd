import { defineConfig } from "vitest/config";

// Browser tests against the whole platform (`scripts/start.ts`) in Debian's Chromium.
// One file at a time: each starts its own platform, and the machine has few cores.
export default defineConfig({
  test: {
    name: "e2e",
    environment: "node",
    include: ["e2e/**/*.e2e.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
  },
});
