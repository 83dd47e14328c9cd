import { describe, expect, it } from "vitest";
import { type Message, type Predicate, parseMessage } from "../../events";
import { rawEnvelope } from "../../events/fixtures";
import { evaluatePredicate } from "./predicates";

function published(overrides: Record<string, unknown> = {}): Message {
  const parsed = parseMessage(
    rawEnvelope("content.published", { correlation_id: "cycle-1", ...overrides }),
  );
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.message;
}

const ctx = { message: published(), settings: { social_enabled: true } };
const holds = (p: Predicate, c = ctx) => evaluatePredicate(p, c);

describe("route predicates", () => {
  it("compare a tenant setting", () => {
    expect(holds({ tenant_setting: "social_enabled", equals: true })).toBe(true);
    expect(holds({ tenant_setting: "social_enabled", equals: false })).toBe(false);
  });

  it("read a dotted path in the payload, array indexes included", () => {
    expect(holds({ payload: "content_id", equals: "c-1" })).toBe(true);
    expect(
      holds({ payload: "urls.0", equals: "https://brand.example/blog/trail-running-shoes" }),
    ).toBe(true);
    expect(holds({ payload: "urls.1", exists: true })).toBe(false);
    expect(holds({ payload: "urls.1", exists: false })).toBe(true);
  });

  it("read envelope fields", () => {
    expect(holds({ envelope: "correlation_id", equals: "cycle-1" })).toBe(true);
    expect(holds({ envelope: "source", in: ["publisher", "test"] })).toBe(true);
    expect(holds({ envelope: "causation_id", exists: true })).toBe(false);
  });

  it("never equal a missing value or an object, whatever the comparison", () => {
    expect(holds({ payload: "nope", equals: null })).toBe(false);
    expect(holds({ payload: "urls", in: [null] })).toBe(false);
    expect(holds({ payload: "urls", exists: true })).toBe(true);
  });

  it("combine with all, any and not", () => {
    const on: Predicate = { tenant_setting: "social_enabled", equals: true };
    const wrongSource: Predicate = { envelope: "source", equals: "elsewhere" };
    expect(holds({ all: [on, { not: wrongSource }] })).toBe(true);
    expect(holds({ all: [on, wrongSource] })).toBe(false);
    expect(holds({ any: [wrongSource, on] })).toBe(true);
    expect(holds({ any: [] })).toBe(false);
    expect(holds({ all: [] })).toBe(true);
  });

  it("do not read inherited properties of the payload", () => {
    expect(holds({ payload: "constructor", exists: true })).toBe(false);
    expect(holds({ payload: "__proto__", exists: true })).toBe(false);
  });
});
