import { describe, expect, it } from "vitest";
import { orderTrace, type TraceNode } from "./trace";

/** Ordering does not read the trace fields. */
const untraced = { trace_id: null, span_id: null, parent_span_id: null };

function msg(id: string, parent: string | null, at: string, type = "x.y"): TraceNode {
  return {
    kind: "message",
    id,
    parent,
    at,
    type,
    source: "test",
    direction: "in",
    delivery: "applied",
    correlation_id: "c",
    causation_id: parent,
    ...untraced,
    payload: "{}",
  };
}

function decision(id: string, parent: string, at: string): TraceNode {
  return {
    kind: "decision",
    id,
    parent,
    at,
    decision_kind: "research",
    summary: "",
    strategy_version: 1,
    reasons: [],
  };
}

function run(id: string, parent: string, at: string): TraceNode {
  return {
    kind: "run",
    id,
    parent,
    at,
    keyword: "k",
    content_id: id,
    status: "running",
    step: null,
    percent: null,
    error: null,
    started_at: null,
    completed_at: null,
    ...untraced,
  };
}

const T = (s: number) => new Date(Date.UTC(2025, 0, 1, 0, 0, s)).toISOString();

describe("orderTrace", () => {
  it("puts each entry after its cause, whatever order they were gathered in", () => {
    // Given a chain: request → cycle decision → research asked → research done → decision → two runs
    const nodes = [
      run("run-b", "d-2", T(5)),
      msg("done", "asked", T(3), "research.completed"),
      decision("d-2", "done", T(4)),
      msg("asked", "d-1", T(1), "research.requested"),
      run("run-a", "d-2", T(5)),
      decision("d-1", "req", T(1)),
      msg("req", null, T(0), "cycle.requested"),
    ];

    // When it is ordered
    const ordered = orderTrace(nodes);

    // Then causes come first, siblings by time and then in the order given, with their depth
    expect(ordered.map((e) => [e.id, e.depth])).toEqual([
      ["req", 0],
      ["d-1", 1],
      ["asked", 2],
      ["done", 3],
      ["d-2", 4],
      ["run-b", 5],
      ["run-a", 5],
    ]);
  });

  it("starts a new root for an entry whose cause is outside the chain", () => {
    const ordered = orderTrace([msg("late", "elsewhere", T(9)), msg("first", null, T(1))]);
    expect(ordered.map((e) => e.id)).toEqual(["first", "late"]);
  });

  it("lists every entry once even when links form a loop", () => {
    const ordered = orderTrace([msg("a", "b", T(1)), msg("b", "a", T(2))]);
    expect(ordered.map((e) => e.id).sort()).toEqual(["a", "b"]);
  });
});
