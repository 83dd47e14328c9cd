import { describe, expect, it } from "vitest";
import { Envelope, TenantId } from "./envelope";
import { rawEnvelope } from "./fixtures";

const paths = (input: unknown) => {
  const result = Envelope.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
};

describe("Envelope", () => {
  it("accepts a complete envelope with correlation and causation", () => {
    const input = rawEnvelope("cycle.requested", { correlation_id: "c", causation_id: "d" });
    expect(Envelope.safeParse(input).success).toBe(true);
  });

  it("rejects an unknown top-level key", () => {
    const result = Envelope.safeParse(rawEnvelope("cycle.requested", { extra: 1 }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.code).toBe("unrecognized_keys");
  });

  it("rejects an event_id that is not a UUID", () => {
    expect(paths(rawEnvelope("cycle.requested", { event_id: "42" }))).toEqual(["event_id"]);
  });

  it("accepts a timestamp with a UTC offset", () => {
    const input = rawEnvelope("cycle.requested", { timestamp: "2025-01-02T05:04:05+02:00" });
    expect(Envelope.safeParse(input).success).toBe(true);
  });

  it("rejects a timestamp without a zone", () => {
    const input = rawEnvelope("cycle.requested", { timestamp: "2025-01-02T03:04:05" });
    expect(paths(input)).toEqual(["timestamp"]);
  });

  it.each(["research", "Research.requested", "research..requested", "research.requested."])(
    "rejects the type %j, which is not dot notation",
    (type) => {
      expect(paths(rawEnvelope("cycle.requested", { type }))).toEqual(["type"]);
    },
  );

  it("rejects a payload that is an array", () => {
    expect(paths(rawEnvelope("cycle.requested", { payload: [] }))).toEqual(["payload"]);
  });

  it("rejects an empty source", () => {
    expect(paths(rawEnvelope("cycle.requested", { source: "" }))).toEqual(["source"]);
  });
});

describe("TenantId", () => {
  it.each(["acme", "a", "brand-2", "0x", "a".repeat(63)])("accepts %j", (id) => {
    expect(TenantId.safeParse(id).success).toBe(true);
  });

  it.each(["", "-acme", "Acme", "acme_co", "acme.co", "a".repeat(64), "café"])(
    "rejects %j with a message that says what is allowed",
    (id) => {
      const result = TenantId.safeParse(id);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(/lowercase letters, digits or hyphens/);
    },
  );
});
