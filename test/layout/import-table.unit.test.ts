import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { describeViolation, importsOf, repositoryEdges, violations } from "./import-table";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("the import table of DESIGN §2", () => {
  it("holds for every unit: each imports only the contract, the kernel and what the table allows", () => {
    // Given every source file of events/, platform/, agents/, workflows/, services/,
    // worker/ and dashboard/
    const edges = repositoryEdges(root);
    // Then the walk found them (a broken walk would pass by finding nothing)
    expect(edges.length).toBeGreaterThan(500);
    // And no import crosses the table
    expect(violations(edges).map(describeViolation)).toEqual([]);
  });

  it("fails on a forbidden run-time import from a service into the Worker", () => {
    // Given a service that imports the Worker's problem helper
    const edges = importsOf(
      "services/social/handler.ts",
      'import { badRequest } from "../../worker/http/problem";',
    );
    // Then it is a violation
    expect(violations(edges).map((v) => `${v.from}->${v.to}`)).toEqual(["services->worker"]);
  });

  it("sees re-exports and dynamic imports, not only import statements", () => {
    const edges = importsOf(
      "platform/sqlite/x.ts",
      'export { decide } from "../../agents/tenant/decide";\nconst m = await import("../../worker/index");',
    );
    expect(violations(edges).map((v) => `${v.kind}:${v.to}`)).toEqual([
      "export-from:agents",
      "dynamic:worker",
    ]);
  });

  it("refuses a type-only import without a listed reason, and allows a listed one", () => {
    const unlisted = importsOf(
      "dashboard/src/x.ts",
      'import type { TenantAgent } from "../../agents/tenant-agent";',
    );
    const listed = importsOf(
      "workflows/x.ts",
      'import type { TenantAgent } from "../agents/tenant-agent";',
    );
    expect(violations(unlisted)).toHaveLength(1);
    expect(violations(listed)).toEqual([]);
  });

  it("lets the contract import nothing of the project", () => {
    const edges = importsOf(
      "events/x.ts",
      'import { sendAll } from "../platform/queues/send-all";',
    );
    expect(violations(edges).map((v) => v.to)).toEqual(["platform"]);
  });
});
