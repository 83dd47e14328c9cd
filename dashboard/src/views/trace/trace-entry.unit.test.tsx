import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { TraceEntry } from "../../api/schemas";
import { TraceEntryRow } from "./trace-entry";

const at = "2026-11-22T10:00:00.000Z";

describe("a trace entry", () => {
  it("explains a decision: each keyword with its verdict and the agent's sentence", () => {
    const entry: TraceEntry = {
      kind: "decision",
      id: "d-1",
      parent: "e-1",
      at,
      depth: 2,
      decision_kind: "research",
      summary: "kept 1 of 2 keywords (strategy v3)",
      strategy_version: 3,
      reasons: [
        { verdict: "kept", subject: "budget apps", text: "kept 'budget apps': difficulty 22 < 40" },
        {
          verdict: "dropped",
          subject: "crypto tax",
          text: "dropped 'crypto tax': difficulty 54 ≥ 40",
        },
      ],
    };
    const html = renderToStaticMarkup(<TraceEntryRow entry={entry} />);
    expect(html).toContain("kept 1 of 2 keywords (strategy v3)");
    expect(html).toMatch(
      /data-verdict="kept".*kept &#x27;budget apps&#x27;: difficulty 22 &lt; 40/,
    );
    expect(html).toMatch(/data-verdict="dropped".*dropped &#x27;crypto tax&#x27;/);
    expect(html).toContain("--depth:2");
  });

  it("shows which way a message went and whether it was sent", () => {
    const entry: TraceEntry = {
      kind: "message",
      id: "m-1",
      parent: "d-1",
      at,
      depth: 1,
      type: "research.requested",
      source: "tenant-agent",
      direction: "out",
      delivery: "pending",
      correlation_id: "c",
      causation_id: "e-1",
      trace_id: "4bf92f3577b34da6a3ce929d0e0e4736",
      span_id: "81a74f3159458280",
      parent_span_id: "00f067aa0ba902b7",
      payload: { keywords: ["budget apps"] },
    };
    const html = renderToStaticMarkup(<TraceEntryRow entry={entry} />);
    expect(html).toContain("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(html).toContain("81a74f3159458280");
    expect(html).toContain("← out");
    expect(html).toContain("research.requested");
    expect(html).toContain('data-tone="wait">pending');
    expect(html).toContain("budget apps");
  });
});
