import { describe, expect, it } from "vitest";
import { catalog, isMessageType, kindOf, messageTypes } from "./catalog";
import { payloadFixtures } from "./fixtures";

describe("catalog", () => {
  it("has a valid fixture for every type", () => {
    const missing = messageTypes.filter((type) => !Object.hasOwn(payloadFixtures, type));
    expect(missing).toEqual([]);
  });

  it.each(messageTypes)("accepts the fixture payload of %s", (type) => {
    const result = catalog[type].payload.safeParse(payloadFixtures[type]);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(messageTypes)("rejects an unknown payload key in %s", (type) => {
    const payload = { ...payloadFixtures[type], unexpected: true };
    expect(catalog[type].payload.safeParse(payload).success).toBe(false);
  });

  it("contains every type of the design's domain table and the platform events", () => {
    expect([...messageTypes].sort()).toEqual(
      [
        "research.requested",
        "research.completed",
        "content.ready",
        "content.publish",
        "content.published",
        "social.post",
        "social.posted",
        "performance.requested",
        "performance.report",
        "cycle.requested",
        "content.refresh",
        "tenant.created",
        "strategy.updated",
        "cycle.started",
        "workflow.failed",
      ].sort(),
    );
  });

  it("names every entry's producers and consumers", () => {
    for (const type of messageTypes) {
      expect(catalog[type].producers.length, type).toBeGreaterThan(0);
      expect(catalog[type].consumers.length, type).toBeGreaterThan(0);
    }
  });

  it("fills in normal priority when a research request leaves it out", () => {
    const parsed = catalog["research.requested"].payload.parse({ keywords: ["a"] });
    expect(parsed.priority).toBe("normal");
  });

  it("rejects a research request with more than 50 keywords", () => {
    const keywords = Array.from({ length: 51 }, (_, i) => `k${i}`);
    expect(catalog["research.requested"].payload.safeParse({ keywords }).success).toBe(false);
  });

  it("rejects a page URL that is not http(s)", () => {
    const payload = { content_id: "c-1", url: "javascript:alert(1)" };
    expect(catalog["social.post"].payload.safeParse(payload).success).toBe(false);
  });

  it("rejects a period outside 7d, 28d and 90d", () => {
    const payload = { urls: ["https://brand.example/a"], period: "30d" };
    expect(catalog["performance.requested"].payload.safeParse(payload).success).toBe(false);
  });

  it("rejects negative and fractional counts", () => {
    const schema = catalog["content.ready"].payload;
    const base = { content_id: "c-1", keyword: "k" };
    expect(schema.safeParse({ ...base, word_count: -1 }).success).toBe(false);
    expect(schema.safeParse({ ...base, word_count: 1.5 }).success).toBe(false);
  });
});

describe("isMessageType", () => {
  it("recognises a catalog type", () => {
    expect(isMessageType("content.published")).toBe(true);
  });

  it.each(["content.unknown", "__proto__", "toString", "constructor", ""])(
    "does not recognise %j",
    (s) => {
      expect(isMessageType(s)).toBe(false);
    },
  );
});

describe("kindOf", () => {
  it("says a request is a command and a completion is an event", () => {
    expect(kindOf("research.requested")).toBe("command");
    expect(kindOf("research.completed")).toBe("event");
  });

  it("classifies exactly the design's commands as commands", () => {
    const commands = messageTypes.filter((type) => kindOf(type) === "command");
    expect([...commands].sort()).toEqual(
      [
        "content.publish",
        "content.refresh",
        "cycle.requested",
        "performance.requested",
        "research.requested",
        "social.post",
      ].sort(),
    );
  });
});
