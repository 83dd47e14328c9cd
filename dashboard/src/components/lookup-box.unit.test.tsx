import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { describeFound, LookupBox, traceAddress } from "./lookup-box";

describe("the header's lookup box", () => {
  it("opens the trace of what it found", () => {
    expect(traceAddress({ correlation_id: "chain 1", tenant_id: "acme" })).toBe(
      "/trace/chain%201?tenant=acme",
    );
  });

  it("says what it found when that is in no chain", () => {
    const found = {
      id: "events:acme:e-1",
      kind: "letter" as const,
      tenant_id: "acme",
      correlation_id: null,
      trace_url: null,
    };
    expect(traceAddress(found)).toBeNull();
    expect(describeFound(found)).toBe(
      "events:acme:e-1 is a dead letter of tenant acme, in no chain.",
    );
  });

  it("is a labelled search form", () => {
    const html = renderToStaticMarkup(<LookupBox />);
    expect(html).toContain('aria-label="Look up an id"');
    expect(html).toContain("Any id or page URL");
    expect(html).toContain('data-testid="lookup-open"');
  });
});
