import { defineConfig } from "vitest/config";

// The chaos suite (chaos/): one run of the whole platform with duplicates, out-of-order
// delivery and a hard kill, then an audit. Node, one file, long timeouts: the run starts
// the platform twice and waits for a scheduled cycle after the restart.
export default defineConfig({
  test: {
    name: "chaos",
    environment: "node",
    include: ["chaos/**/*.test.ts"],
    // The audit's own unit tests run with `npm test`.
    exclude: ["**/*.unit.test.ts", "node_modules/**"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
