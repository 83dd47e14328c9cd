import { describe, expect, it } from "vitest";
import { FIXED } from "./fixtures";
import { createMessage, InvalidMessageError, type MessageContext, systemContext } from "./message";
import { parseMessage } from "./parse";
import { spanIdOf, traceIdFor, traceOf } from "./trace-context";

const fixedContext = (...ids: string[]): MessageContext => {
  const queue = [...ids];
  return {
    newId: () => queue.shift() ?? FIXED.otherId,
    now: () => new Date(FIXED.timestamp),
  };
};

const origin = { tenant_id: FIXED.tenant, source: "switchboard" };

describe("createMessage", () => {
  it("uses the context's id and time", () => {
    const message = createMessage(
      "cycle.requested",
      { reason: "cron" },
      origin,
      fixedContext(FIXED.eventId),
    );
    expect(message).toEqual({
      event_id: FIXED.eventId,
      type: "cycle.requested",
      source: "switchboard",
      tenant_id: FIXED.tenant,
      timestamp: FIXED.timestamp,
      // No cause: it opens a trace named after its own id (it is its chain).
      traceparent: expect.stringMatching(
        new RegExp(`^00-${FIXED.eventId.replaceAll("-", "")}-[0-9a-f]{16}-01$`),
      ),
      payload: { reason: "cron" },
    });
  });

  it("leaves correlation and causation out when there is no cause", () => {
    const message = createMessage("cycle.requested", { reason: "cron" }, origin, fixedContext());
    expect(Object.keys(message)).not.toContain("correlation_id");
    expect(Object.keys(message)).not.toContain("causation_id");
  });

  it("inherits the cause's correlation_id and points causation at the cause", () => {
    const cause = { event_id: FIXED.eventId, correlation_id: "chain-1" };
    const message = createMessage(
      "research.requested",
      { keywords: ["tents"] },
      { ...origin, cause },
      fixedContext(FIXED.otherId),
    );
    expect([message.correlation_id, message.causation_id]).toEqual(["chain-1", FIXED.eventId]);
  });

  it("starts the chain at the cause's event_id when the cause has no correlation_id", () => {
    const cause = { event_id: FIXED.eventId };
    const message = createMessage(
      "cycle.started",
      { reason: "cron" },
      { ...origin, cause },
      fixedContext(FIXED.otherId),
    );
    expect([message.correlation_id, message.causation_id]).toEqual([FIXED.eventId, FIXED.eventId]);
  });

  it("lets an explicit correlation_id win over the cause's", () => {
    const cause = { event_id: FIXED.eventId, correlation_id: "chain-1" };
    const message = createMessage(
      "cycle.started",
      { reason: "cron" },
      { ...origin, cause, correlation_id: "chain-2" },
      fixedContext(FIXED.otherId),
    );
    expect([message.correlation_id, message.causation_id]).toEqual(["chain-2", FIXED.eventId]);
  });

  it("accepts a whole message as the cause", () => {
    const first = createMessage("cycle.requested", { reason: "cron" }, origin, fixedContext());
    const second = createMessage("cycle.started", { reason: "cron" }, { ...origin, cause: first });
    expect(second.causation_id).toBe(first.event_id);
  });

  it("keeps the cause's trace and sends the message from the cause's span", () => {
    const cause = {
      event_id: FIXED.eventId,
      traceparent: "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
    };
    const message = createMessage(
      "research.requested",
      { keywords: ["tents"] },
      { ...origin, cause },
      fixedContext(FIXED.otherId),
    );
    expect(message.traceparent).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${spanIdOf(FIXED.eventId)}-01`,
    );
    expect(traceOf({ id: message.event_id, traceparent: message.traceparent })).toEqual({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: spanIdOf(FIXED.otherId),
      parent_span_id: spanIdOf(FIXED.eventId),
    });
  });

  it("gives every child of a cause without a traceparent the trace of its chain", () => {
    const cause = { event_id: FIXED.eventId, correlation_id: "chain-1" };
    const [a, b] = [FIXED.otherId, "00000000-0000-4000-8000-000000000003"].map((id) =>
      createMessage("cycle.started", { reason: "cron" }, { ...origin, cause }, fixedContext(id)),
    );
    expect(a?.traceparent).toBe(b?.traceparent);
    expect(a?.traceparent).toBe(`00-${traceIdFor("chain-1")}-${spanIdOf(FIXED.eventId)}-01`);
  });

  it("lets an explicit traceparent win over the cause's", () => {
    const explicit = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00";
    const message = createMessage(
      "content.ready",
      { content_id: "c-1", keyword: "tents", word_count: 900 },
      { ...origin, cause: { event_id: FIXED.eventId }, traceparent: explicit },
    );
    expect(message.traceparent).toBe(explicit);
  });

  it("fills in payload defaults", () => {
    const message = createMessage("research.requested", { keywords: ["tents"] }, origin);
    expect(message.payload.priority).toBe("normal");
  });

  it("creates messages that parse", () => {
    const message = createMessage(
      "social.post",
      { content_id: "c-1", url: "https://a.example/" },
      origin,
    );
    expect(parseMessage(JSON.parse(JSON.stringify(message)))).toEqual({ ok: true, message });
  });

  it("throws InvalidMessageError with field errors on an invalid payload", () => {
    // Built at run time so the compile-time check does not stop the test.
    const payload = JSON.parse('{"keywords":[]}');
    expect(() => createMessage("research.requested", payload, origin)).toThrowError(
      expect.objectContaining({
        name: "InvalidMessageError",
        errors: [{ path: "payload.keywords", message: expect.any(String) }],
      }),
    );
  });

  it("throws on an invalid tenant_id", () => {
    const create = () =>
      createMessage("cycle.requested", { reason: "x" }, { ...origin, tenant_id: "Acme!" });
    expect(create).toThrow(InvalidMessageError);
  });

  it("uses random UUIDs and the clock by default", () => {
    const a = createMessage("cycle.requested", { reason: "x" }, origin, systemContext);
    const b = createMessage("cycle.requested", { reason: "x" }, origin);
    expect(a.event_id).not.toBe(b.event_id);
    expect(Date.parse(a.timestamp)).toBeGreaterThan(0);
  });
});
