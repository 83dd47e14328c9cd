import type { Reason } from "./decision";

// One chain (correlation_id) as a causal tree, flattened in causal order: each entry
// after the one that caused it, siblings by time. Pure; the shell gathers the nodes.

type Base = {
  /** event_id, decision id, run id, or `<run id>/<step>`. */
  id: string;
  /** The entry that caused this one, when it is part of the trace. */
  parent: string | null;
  /** ISO time it happened (sent, decided, requested, first reported). */
  at: string;
};

/**
 * Where a message or run sits in its W3C trace (`traceOf` in events/trace-context.ts):
 * no trace or parent for a message from before traceparent existed.
 */
type Traced = {
  trace_id: string | null;
  span_id: string | null;
  parent_span_id: string | null;
};

export type TraceMessage = Base &
  Traced & {
    kind: "message";
    type: string;
    source: string;
    /** "in": delivered to the agent; "out": sent by the agent's decision. */
    direction: "in" | "out";
    /** For "out": whether the outbox has sent it yet. */
    delivery: "applied" | "sent" | "pending";
    correlation_id: string | null;
    causation_id: string | null;
    /** The payload as JSON text (Durable Object RPC needs concrete types). */
    payload: string;
  };

export type TraceDecision = Base & {
  kind: "decision";
  decision_kind: string;
  summary: string;
  strategy_version: number;
  reasons: Reason[];
};

export type TraceRun = Base &
  Traced & {
    kind: "run";
    keyword: string;
    content_id: string;
    status: string;
    step: string | null;
    percent: number | null;
    error: string | null;
    started_at: string | null;
    completed_at: string | null;
  };

export type TraceStep = Base & {
  kind: "step";
  run_id: string;
  step: string;
  status: string;
  message: string | null;
  updated_at: string;
};

export type TraceNode = TraceMessage | TraceDecision | TraceRun | TraceStep;
export type TraceEntry = TraceNode & { depth: number };

/** Among entries of the same time, what came first in the agent's handling. */
const KIND_ORDER: Record<TraceNode["kind"], number> = { message: 0, decision: 1, run: 2, step: 3 };

/**
 * Orders a chain's nodes causally: a depth-first walk from the roots (nodes whose
 * parent is not in the trace), children after their parent, siblings by time, then by
 * kind, then in the order they were given (the order a decision sent its messages).
 */
export function orderTrace(nodes: readonly TraceNode[]): TraceEntry[] {
  const byId = new Map(nodes.map((node) => [node.id, node]));
  const given = new Map(nodes.map((node, index) => [node.id, index]));
  const children = new Map<string, TraceNode[]>();
  const roots: TraceNode[] = [];
  for (const node of byId.values()) {
    if (node.parent !== null && node.parent !== node.id && byId.has(node.parent)) {
      const list = children.get(node.parent) ?? [];
      list.push(node);
      children.set(node.parent, list);
    } else {
      roots.push(node);
    }
  }
  const out: TraceEntry[] = [];
  const visited = new Set<string>();
  const walk = (node: TraceNode, depth: number) => {
    if (visited.has(node.id)) return;
    visited.add(node.id);
    out.push({ ...node, depth });
    for (const child of sorted(children.get(node.id) ?? [])) walk(child, depth + 1);
  };
  const sorted = (list: TraceNode[]) =>
    [...list].sort(
      (a, b) =>
        Date.parse(a.at) - Date.parse(b.at) ||
        KIND_ORDER[a.kind] - KIND_ORDER[b.kind] ||
        (given.get(a.id) ?? 0) - (given.get(b.id) ?? 0),
    );
  for (const root of sorted(roots)) walk(root, 0);
  // A cycle in the links (which valid data never has) leaves nodes unreached: list them last.
  for (const node of sorted([...byId.values()])) walk(node, 0);
  return out;
}
