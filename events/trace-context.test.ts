import { describe, expect, it } from "vitest";
import { FIXED } from "./fixtures";
import {
  childTraceparent,
  mintTraceparent,
  outgoingTraceparent,
  parseTraceparent,
  rootTraceparent,
  spanIdOf,
  Traceparent,
  traceIdFor,
  traceOf,
  traceparentFromHeader,
} from "./trace-context";

const W3C_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

describe("parseTraceparent", () => {
  it("reads the trace id, the parent span id and the flags", () => {
    expect(parseTraceparent(W3C_EXAMPLE)).toEqual({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      parent_span_id: "00f067aa0ba902b7",
      flags: "01",
    });
  });

  it.each([
    "",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
    "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra",
    `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
    `00-4bf92f3577b34da6a3ce929d0e0e4736-${"0".repeat(16)}-01`,
  ])("refuses %j", (value) => {
    expect(parseTraceparent(value)).toBeNull();
    expect(Traceparent.safeParse(value).success).toBe(false);
  });
});

describe("traceparentFromHeader", () => {
  it("takes a version-00 header as it is, spaces trimmed", () => {
    expect(traceparentFromHeader(` ${W3C_EXAMPLE} `)).toEqual({
      ok: true,
      traceparent: W3C_EXAMPLE,
    });
  });

  it("reads a later version by the four fields it starts with, as version 00", () => {
    const later = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next";
    expect(traceparentFromHeader(later)).toEqual({ ok: true, traceparent: W3C_EXAMPLE });
  });

  it.each([
    ["version ff", "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"],
    ["more after a version-00 header", `${W3C_EXAMPLE}-more`],
    ["two headers joined by a comma", `${W3C_EXAMPLE}, ${W3C_EXAMPLE}`],
    ["an all-zero trace id", `00-${"0".repeat(32)}-00f067aa0ba902b7-01`],
    ["garbage", "not a trace"],
  ])("refuses %s with a message naming traceparent", (_name, header) => {
    const read = traceparentFromHeader(header);
    expect(read).toEqual({ ok: false, message: expect.stringContaining("traceparent") });
  });
});

describe("child, root and minted traceparents", () => {
  it("a child keeps the trace id and flags and changes the span: the parent is the cause's span", () => {
    const cause = { event_id: FIXED.eventId, traceparent: W3C_EXAMPLE };
    const child = childTraceparent(cause, "chain-1");
    expect(parseTraceparent(child)).toEqual({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      parent_span_id: spanIdOf(FIXED.eventId),
      flags: "01",
    });
    // The cause's own span is the child's parent; the child's span is its own.
    expect(traceOf({ id: FIXED.otherId, traceparent: child })).toEqual({
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: spanIdOf(FIXED.otherId),
      parent_span_id: traceOf({ id: FIXED.eventId, traceparent: W3C_EXAMPLE }).span_id,
    });
  });

  it("a child of a cause from before traceparent takes the trace named after its chain", () => {
    expect(childTraceparent({ event_id: FIXED.eventId }, FIXED.otherId)).toBe(
      `00-${FIXED.otherId.replaceAll("-", "")}-${spanIdOf(FIXED.eventId)}-01`,
    );
  });

  it("names a trace after a UUID chain by its digits, and hashes any other chain", () => {
    expect(traceIdFor("6F0C7C1E-4D0B-4F7E-9A53-3B1C2F5D8E21")).toBe(
      "6f0c7c1e4d0b4f7e9a533b1c2f5d8e21",
    );
    expect(traceIdFor("chain-1")).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdFor("chain-1")).not.toBe(traceIdFor("chain-2"));
    expect(traceIdFor("00000000-0000-0000-0000-000000000000")).not.toBe("0".repeat(32));
  });

  it("a root opens the trace of its chain, from a parent span that is not its own", () => {
    const root = rootTraceparent(FIXED.eventId, FIXED.eventId);
    const position = traceOf({ id: FIXED.eventId, traceparent: root });
    expect(position.trace_id).toBe(FIXED.eventId.replaceAll("-", ""));
    expect(position.parent_span_id).not.toBe(position.span_id);
    expect(Traceparent.safeParse(root).success).toBe(true);
  });

  it("mints a fresh valid traceparent each time", () => {
    const minted = new Set(Array.from({ length: 100 }, () => mintTraceparent()));
    expect(minted.size).toBe(100);
    for (const value of minted) expect(Traceparent.safeParse(value).success).toBe(true);
  });

  it("gives an outgoing request the hop's trace with the hop's span as parent", () => {
    expect(outgoingTraceparent({ id: "run-1", traceparent: W3C_EXAMPLE })).toBe(
      `00-4bf92f3577b34da6a3ce929d0e0e4736-${spanIdOf("run-1")}-01`,
    );
    expect(outgoingTraceparent({ id: "run-1", traceparent: null })).toBeNull();
  });

  it("gives a message from before traceparent its span but no trace", () => {
    expect(traceOf({ id: FIXED.eventId })).toEqual({
      trace_id: null,
      span_id: spanIdOf(FIXED.eventId),
      parent_span_id: null,
    });
  });
});
