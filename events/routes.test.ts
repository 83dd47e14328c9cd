import { describe, expect, it } from "vitest";
import { matchesType } from "./routes";

describe("matchesType", () => {
  it.each([
    ["content.published", "content.published", true],
    ["content.published", "content.publish", false],
    ["content.*", "content.published", true],
    ["content.*", "content.refresh.v2", true],
    ["content.*", "content", false],
    ["content.*", "contents.ready", false],
    ["*", "research.requested", true],
    ["research.requested", "research.requested.v2", false],
  ])("matches pattern %j against %j: %s", (pattern, type, expected) => {
    expect(matchesType(pattern, type)).toBe(expected);
  });
});
