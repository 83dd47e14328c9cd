import { describe, expect, it } from "vitest";
import { catalog, createMessage, isMessageType } from "../../events";
import { resolveRoutes } from "./resolve";
import { routeTable } from "./route-table";

describe("the route table", () => {
  it("routes every type in the catalog somewhere", () => {
    const unrouted = Object.keys(catalog).filter(
      (type) =>
        !routeTable.rules.some(
          (rule) =>
            rule.match === type ||
            (rule.match.endsWith(".*") && type.startsWith(rule.match.slice(0, -1))),
        ),
    );
    expect(unrouted).toEqual([]);
  });

  it("sends a command to its service's queue and a fact to the tenant's agent", () => {
    const command = createMessage(
      "research.requested",
      { keywords: ["budget apps"], priority: "normal" },
      { tenant_id: "acme", source: "switchboard" },
    );
    const fact = createMessage(
      "research.completed",
      { research_ids: ["r-1"], keywords_researched: 1 },
      { tenant_id: "acme", source: "research" },
    );
    expect(resolveRoutes(routeTable.rules, command).map((r) => r.to)).toEqual([
      { kind: "queue", queue: "research-commands" },
    ]);
    expect(resolveRoutes(routeTable.rules, fact).map((r) => r.to)).toEqual([
      { kind: "tenant-agent" },
    ]);
  });

  it("names only types the catalog knows, or prefixes of them", () => {
    for (const rule of routeTable.rules) {
      const known = rule.match.endsWith(".*")
        ? Object.keys(catalog).some((t) => t.startsWith(rule.match.slice(0, -1)))
        : isMessageType(rule.match);
      expect(known, rule.id).toBe(true);
    }
  });
});
