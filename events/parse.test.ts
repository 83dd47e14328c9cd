import { describe, expect, it } from "vitest";
import { messageTypes } from "./catalog";
import { FIXED, payloadFixtures, rawEnvelope } from "./fixtures";
import { parseBatch, parseMessage } from "./parse";

const errorsOf = (input: unknown) => {
  const result = parseMessage(input);
  if (result.ok) throw new Error("expected the input to be rejected");
  return result.errors;
};

describe("parseMessage", () => {
  it.each(messageTypes)("accepts a valid %s message", (type) => {
    const result = parseMessage(rawEnvelope(type));
    expect(result).toEqual({
      ok: true,
      message: expect.objectContaining({ type, tenant_id: FIXED.tenant }),
    });
  });

  it("returns the payload with its defaults filled in", () => {
    const result = parseMessage(
      rawEnvelope("research.requested", { payload: { keywords: ["tents"] } }),
    );
    expect(result.ok && result.message.payload).toEqual({
      keywords: ["tents"],
      priority: "normal",
    });
  });

  it("keeps correlation and causation ids", () => {
    const input = rawEnvelope("cycle.requested", { correlation_id: "c-9", causation_id: "e-8" });
    const result = parseMessage(input);
    expect(result.ok && [result.message.correlation_id, result.message.causation_id]).toEqual([
      "c-9",
      "e-8",
    ]);
  });

  it("keeps a traceparent, and parses a message from before traceparent existed", () => {
    const traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    const traced = parseMessage(rawEnvelope("cycle.requested", { traceparent }));
    expect(traced.ok && traced.message.traceparent).toBe(traceparent);
    const old = parseMessage(rawEnvelope("cycle.requested"));
    expect(old.ok && "traceparent" in old.message).toBe(false);
  });

  it.each([
    ["an uppercase trace id", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", /00-<32/],
    ["a short parent id", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa-01", /00-<32/],
    ["another version", "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", /00-<32/],
    ["an all-zero trace id", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`, /trace id .*zeros/],
    [
      "an all-zero parent id",
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`,
      /parent span id .*zeros/,
    ],
  ])("refuses a traceparent with %s, naming the field", (_name, traceparent, message) => {
    expect(errorsOf(rawEnvelope("cycle.requested", { traceparent }))).toEqual([
      { path: "traceparent", message: expect.stringMatching(message) },
    ]);
  });

  it("reports a payload field error under its dotted path", () => {
    const input = rawEnvelope("research.requested", { payload: { keywords: ["ok", ""] } });
    expect(errorsOf(input)).toEqual([{ path: "payload.keywords.1", message: expect.any(String) }]);
  });

  it("reports a missing payload field", () => {
    const input = rawEnvelope("content.publish", { payload: { content_id: "c-1" } });
    expect(errorsOf(input).map((e) => e.path)).toEqual(["payload.keyword"]);
  });

  it("reports an unknown payload key at the payload", () => {
    const payload = { ...payloadFixtures["social.post"], extra: 1 };
    const errors = errorsOf(rawEnvelope("social.post", { payload }));
    expect(errors).toEqual([{ path: "payload", message: expect.stringContaining("extra") }]);
  });

  it("reports envelope and payload errors together", () => {
    const input = rawEnvelope("content.ready", {
      tenant_id: "Not A Slug",
      payload: { content_id: "c-1", keyword: "k", word_count: -3 },
    });
    expect(errorsOf(input).map((e) => e.path)).toEqual(["tenant_id", "payload.word_count"]);
  });

  it("reports an unknown type at path type, naming the known types", () => {
    const errors = errorsOf(rawEnvelope("cycle.requested", { type: "content.deleted" }));
    expect(errors).toEqual([
      { path: "type", message: expect.stringMatching(/unknown type "content.deleted".*research/) },
    ]);
  });

  it("reports a malformed type once, as a format error", () => {
    const errors = errorsOf(rawEnvelope("cycle.requested", { type: "NOPE" }));
    expect(errors.map((e) => e.path)).toEqual(["type"]);
    expect(errors[0]?.message).toMatch(/dot notation/);
  });

  it("rejects an extra top-level key", () => {
    const errors = errorsOf(rawEnvelope("cycle.requested", { tenant: "acme" }));
    expect(errors).toEqual([{ path: "", message: expect.stringContaining("tenant") }]);
  });

  it("reports every missing envelope field of an empty object", () => {
    const paths = errorsOf({}).map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["event_id", "type", "source", "tenant_id", "timestamp", "payload"]),
    );
  });
});

describe("parseMessage on hostile input", () => {
  const deepArray = JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
  const deepObject = JSON.parse(`${'{"a":'.repeat(10_000)}1${"}".repeat(10_000)}`);
  const huge = "x".repeat(200 * 1024);

  it.each([
    ["null", null],
    ["undefined", undefined],
    ["a number", 42],
    ["a string", "research.requested"],
    ["an array", [rawEnvelope("cycle.requested")]],
    ["a function", () => 1],
    ["a 10,000-deep array", deepArray],
    ["a 10,000-deep object", deepObject],
    ["a 200 KB string", huge],
  ])("rejects %s without throwing", (_name, input) => {
    expect(parseMessage(input).ok).toBe(false);
  });

  it("rejects a top-level __proto__ key and leaves Object.prototype alone", () => {
    const input = JSON.parse('{"__proto__":{"polluted":1}}');
    expect(parseMessage(input).ok).toBe(false);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("rejects a __proto__ key inside the payload and leaves Object.prototype alone", () => {
    const input = rawEnvelope("cycle.requested", {
      payload: JSON.parse('{"reason":"x","__proto__":{"polluted":1}}'),
    });
    expect(errorsOf(input).map((e) => e.path)).toEqual(["payload"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["payload", { payload: deepObject }],
    ["payload field", { payload: { reason: deepArray } }],
  ])("rejects 10,000-deep nesting in the %s", (_name, overrides) => {
    expect(parseMessage(rawEnvelope("cycle.requested", overrides)).ok).toBe(false);
  });

  it.each(["type", "tenant_id", "source", "event_id", "timestamp", "correlation_id"])(
    "rejects a 200 KB %s with a short error",
    (field) => {
      const errors = errorsOf(rawEnvelope("cycle.requested", { [field]: huge }));
      expect(errors.map((e) => e.path)).toContain(field);
      expect(JSON.stringify(errors).length).toBeLessThan(2_000);
    },
  );

  it("rejects a 200 KB payload key with a short error", () => {
    const errors = errorsOf(
      rawEnvelope("cycle.requested", { payload: { [huge]: 1, reason: "x" } }),
    );
    expect(JSON.stringify(errors).length).toBeLessThan(2_000);
  });

  it("caps the number of errors of one message", () => {
    const research_ids = Array.from({ length: 100 }, () => 7);
    const payload = { research_ids, keywords_researched: 0 };
    const errors = errorsOf(rawEnvelope("research.completed", { payload }));
    expect(errors.length).toBeLessThanOrEqual(50);
    expect(errors.at(-1)?.message).toMatch(/more errors not shown/);
  });

  it.each([
    ["a lone surrogate", "\uD800"],
    ["a right-to-left override", "\u202Eevil"],
    ["a NUL", "a\u0000b"],
    ["an emoji", "🚀"],
    ["a zero-width joiner", "a\u200Db"],
  ])("rejects a tenant_id with %s", (_name, tenant_id) => {
    expect(errorsOf(rawEnvelope("cycle.requested", { tenant_id })).map((e) => e.path)).toEqual([
      "tenant_id",
    ]);
  });

  it("accepts odd unicode in free-text payload fields", () => {
    const reason = "\uD83D\uDE80 \u202E ÿ \uD800 \u0000";
    expect(parseMessage(rawEnvelope("cycle.requested", { payload: { reason } })).ok).toBe(true);
  });

  it("reports an object whose getters throw instead of throwing", () => {
    const input = new Proxy(
      {},
      {
        get: () => {
          throw new Error("boom");
        },
        ownKeys: () => {
          throw new Error("boom");
        },
      },
    );
    expect(parseMessage(input)).toEqual({
      ok: false,
      errors: [{ path: "", message: expect.stringContaining("boom") }],
    });
  });
});

describe("parseBatch", () => {
  it("accepts one object as a batch of one", () => {
    const result = parseBatch(rawEnvelope("cycle.requested"));
    expect(result.ok && result.messages.length).toBe(1);
  });

  it("accepts an array with one message of every type", () => {
    const result = parseBatch(messageTypes.map((type) => rawEnvelope(type)));
    expect(result.ok && result.messages.map((m) => m.type)).toEqual(messageTypes);
  });

  it("reports an empty array at index -1", () => {
    expect(parseBatch([])).toEqual({
      ok: false,
      errors: [{ index: -1, errors: [{ path: "", message: "batch is empty" }] }],
    });
  });

  it("reports every bad item with its index and event_id", () => {
    const result = parseBatch([
      rawEnvelope("cycle.requested", { payload: {} }),
      rawEnvelope("cycle.requested"),
      rawEnvelope("cycle.requested", { event_id: FIXED.otherId, type: "nope.nope" }),
    ]);
    expect(
      result.ok ? [] : result.errors.map(({ index, event_id }) => ({ index, event_id })),
    ).toEqual([
      { index: 0, event_id: FIXED.eventId },
      { index: 2, event_id: FIXED.otherId },
    ]);
  });

  it("reports an item without a readable event_id by index alone", () => {
    const result = parseBatch([null]);
    expect(result.ok ? undefined : result.errors[0]).toEqual({
      index: 0,
      errors: [{ path: "", message: expect.any(String) }],
    });
  });

  it("reports a hole in a sparse array", () => {
    const items: unknown[] = [];
    items[0] = rawEnvelope("cycle.requested");
    items[2] = rawEnvelope("cycle.requested");
    const result = parseBatch(items);
    expect(result.ok ? [] : result.errors.map((e) => e.index)).toEqual([1]);
  });

  it("accepts duplicate event_ids, since deduplication happens downstream", () => {
    const result = parseBatch([rawEnvelope("cycle.requested"), rawEnvelope("cycle.requested")]);
    expect(result.ok && result.messages.length).toBe(2);
  });

  it("treats null as one bad item", () => {
    expect(parseBatch(null)).toEqual({
      ok: false,
      errors: [{ index: 0, errors: [expect.objectContaining({ path: "" })] }],
    });
  });
});
