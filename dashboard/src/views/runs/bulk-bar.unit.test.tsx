import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BulkResult } from "../../api/schemas";
import { BulkItems, describeBulk } from "./bulk-bar";
import { runStatusWord } from "./run-search-page";

function result(overrides: Partial<BulkResult> = {}): BulkResult {
  return {
    action: "reject",
    preview: true,
    items: [
      {
        tenant_id: "acme",
        run_id: "acme-1",
        status_before: "waiting for approval",
        outcome: "would act",
        detail: "Run acme-1 would be rejected.",
      },
      {
        tenant_id: "globex",
        run_id: "globex-2",
        status_before: "complete",
        outcome: "refused",
        detail: "Run globex-2 is complete; nothing is left to reject.",
      },
    ],
    totals: { matched: 2, acted: 0, would_act: 1, refused: 1 },
    truncated: false,
    next_cursor: null,
    ...overrides,
  };
}

describe("a bulk action on runs", () => {
  it("sums up a preview, saying that nothing changed", () => {
    expect(describeBulk(result())).toBe(
      "Preview: 1 of 2 would be acted on, 1 refused. Nothing was changed.",
    );
  });

  it("sums up what it did, and says when more runs matched than it took", () => {
    const done = result({
      preview: false,
      truncated: true,
      totals: { matched: 2, acted: 2, would_act: 0, refused: 0 },
    });
    expect(describeBulk(done)).toBe(
      "Done: 2 of 2 acted on; more runs match than one action takes.",
    );
  });

  it("lists each run with its tenant, outcome and reason", () => {
    const html = renderToStaticMarkup(<BulkItems result={result()} />);
    expect(html).toContain('data-outcome="would act"');
    expect(html).toContain('data-outcome="refused"');
    expect(html).toContain("globex");
    expect(html).toContain("nothing is left to reject");
  });

  it("names a run at the approval step as the search does", () => {
    expect(runStatusWord({ status: "running", step: "wait for approval" })).toBe(
      "waiting for approval",
    );
    expect(runStatusWord({ status: "errored", step: "wait for approval" })).toBe("errored");
  });
});
