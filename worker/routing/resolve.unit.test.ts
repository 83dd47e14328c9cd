import { describe, expect, it } from "vitest";
import { type Message, parseMessage, type RouteRule } from "../../events";
import { rawEnvelope } from "../../events/fixtures";
import { hasRuleFor, resolveRoutes } from "./resolve";

const on = { social_enabled: true };
const off = { social_enabled: false };

function message(type: Parameters<typeof rawEnvelope>[0], overrides = {}): Message {
  const parsed = parseMessage(rawEnvelope(type, overrides));
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.message;
}

const agent = { kind: "tenant-agent" } as const;
const feed = { kind: "ops-feed" } as const;
const social = { kind: "queue", queue: "social-commands" } as const;

describe("routing by type", () => {
  const rules: RouteRule[] = [
    { id: "exact", match: "content.published", to: [agent] },
    { id: "prefix", match: "content.*", to: [feed] },
    { id: "all", match: "*", to: [social] },
  ];

  it("given exact, prefix and catch-all rules, when a matching type arrives, then it reaches all three in rule order", () => {
    const routes = resolveRoutes(rules, message("content.published"), on);
    expect(routes.map((r) => r.rule)).toEqual(["exact", "prefix", "all"]);
  });

  it("given a prefix rule, when another type of that domain arrives, then only the prefix and catch-all match", () => {
    const routes = resolveRoutes(rules, message("content.ready"), on);
    expect(routes.map((r) => r.rule)).toEqual(["prefix", "all"]);
  });

  it("given a type of another domain, when it arrives, then only the catch-all matches", () => {
    expect(resolveRoutes(rules, message("social.posted"), on).map((r) => r.rule)).toEqual(["all"]);
  });

  it("given two rules naming the same destination, when both match, then the destination is reached once", () => {
    const twice: RouteRule[] = [
      { id: "a", match: "content.published", to: [agent] },
      { id: "b", match: "content.*", to: [agent] },
    ];
    expect(resolveRoutes(twice, message("content.published"), on)).toEqual([
      { rule: "a", to: agent },
    ]);
  });

  it("tells a type no rule names from one that rules name", () => {
    expect(hasRuleFor(rules.slice(0, 2), "social.posted")).toBe(false);
    expect(hasRuleFor(rules.slice(0, 2), "content.refresh")).toBe(true);
  });
});

describe("routing by predicate", () => {
  it("given a rule on a tenant setting, when the setting is off, then the rule does not route", () => {
    const rules: RouteRule[] = [
      {
        id: "social",
        match: "content.published",
        when: { tenant_setting: "social_enabled", equals: true },
        to: [social],
      },
    ];
    expect(resolveRoutes(rules, message("content.published"), on)).toHaveLength(1);
    expect(resolveRoutes(rules, message("content.published"), off)).toEqual([]);
  });

  it("given a rule on the payload, when the payload does not match, then the rule does not route", () => {
    const rules: RouteRule[] = [
      {
        id: "urgent",
        match: "research.requested",
        when: { payload: "priority", equals: "high" },
        to: [feed],
      },
    ];
    const high = message("research.requested");
    const low = message("research.requested", {
      payload: { keywords: ["a"], priority: "low" },
    });
    expect(resolveRoutes(rules, high, on)).toHaveLength(1);
    expect(resolveRoutes(rules, low, on)).toEqual([]);
  });
});
