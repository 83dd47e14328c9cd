import { describe, expect, it } from "vitest";
import {
  catalog,
  createMessage,
  DEFAULT_TENANT_SETTINGS,
  isMessageType,
  kindOf,
  type Message,
  matchesType,
  messageTypes,
  parseMessage,
} from "../../events";
import { payloadFixtures, rawEnvelope } from "../../events/fixtures";
import { CONSUMED_QUEUES } from "../../events/queue-names";
import { deriveCommand } from "./derive";
import { resolveRoutes } from "./resolve";
import { routeTable } from "./route-table";

const socialOn = { social_enabled: true };
const socialOff = { social_enabled: false };

function fixture(type: (typeof messageTypes)[number]): Message {
  const parsed = parseMessage(rawEnvelope(type));
  if (!parsed.ok) throw new Error(`fixture of ${type} does not parse`);
  return parsed.message;
}

describe("the route table", () => {
  it("routes every type in the catalog somewhere", () => {
    const unrouted = messageTypes.filter(
      (type) => !routeTable.rules.some((rule) => matchesType(rule.match, type)),
    );
    expect(unrouted).toEqual([]);
  });

  it("has unique rule ids", () => {
    const ids = routeTable.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("names only types the catalog knows, or prefixes of them", () => {
    for (const rule of routeTable.rules) {
      const known = rule.match.endsWith(".*")
        ? Object.keys(catalog).some((t) => t.startsWith(rule.match.slice(0, -1)))
        : rule.match === "*" || isMessageType(rule.match);
      expect(known, rule.id).toBe(true);
    }
  });

  it("names only queues this platform consumes", () => {
    for (const rule of routeTable.rules) {
      for (const to of rule.to) {
        if (to.kind === "queue") expect(CONSUMED_QUEUES, rule.id).toContain(to.queue);
      }
    }
  });

  it("turns every matching type into a valid command wherever a destination says `as`", async () => {
    for (const rule of routeTable.rules) {
      for (const to of rule.to) {
        if (to.kind !== "queue" || !to.as) continue;
        expect(kindOf(to.as), rule.id).toBe("command");
        for (const type of messageTypes.filter((t) => matchesType(rule.match, t))) {
          await expect(
            deriveCommand(fixture(type), { ...to, as: to.as }, rule.id, new Date()),
          ).resolves.toMatchObject({ type: to.as });
        }
      }
    }
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
    expect(resolveRoutes(routeTable.rules, command, DEFAULT_TENANT_SETTINGS)).toEqual([
      { rule: "research-service", to: { kind: "queue", queue: "research-commands" } },
    ]);
    expect(resolveRoutes(routeTable.rules, fact, DEFAULT_TENANT_SETTINGS)).toEqual([
      { rule: "agent-research", to: { kind: "tenant-agent" } },
    ]);
  });

  describe("given a published article", () => {
    const published = fixture("content.published");

    it("when the tenant has social enabled, then it also goes to social-commands as a social.post", () => {
      const routes = resolveRoutes(routeTable.rules, published, socialOn);
      expect(routes.map((r) => r.rule)).toEqual(["social-on-publish", "agent-content-published"]);
      expect(routes[0]?.to).toMatchObject({
        kind: "queue",
        queue: "social-commands",
        as: "social.post",
      });
    });

    it("when the tenant has social disabled, then it reaches only the tenant's agent", () => {
      expect(resolveRoutes(routeTable.rules, published, socialOff)).toEqual([
        { rule: "agent-content-published", to: { kind: "tenant-agent" } },
      ]);
    });
  });

  it("shows platform events in the operator's feed as well as to the tenant's agent", () => {
    const routes = resolveRoutes(routeTable.rules, fixture("workflow.failed"), socialOn);
    expect(routes.map((r) => r.to.kind)).toEqual(["tenant-agent", "ops-feed"]);
  });

  it("has a fixture for every catalog type (the table tests rely on them)", () => {
    expect(Object.keys(payloadFixtures).sort()).toEqual([...messageTypes].sort());
  });
});
