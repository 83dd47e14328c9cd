import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ConnectionIndicator } from "./connection-indicator";

describe("the live connection indicator", () => {
  it("says connecting before the first push", () => {
    expect(
      renderToStaticMarkup(<ConnectionIndicator status="connecting" label="Live updates" />),
    ).toContain("connecting");
  });

  it("says connected while the socket is open, announced politely to screen readers", () => {
    const html = renderToStaticMarkup(
      <ConnectionIndicator status="connected" label="Live updates" announce />,
    );
    expect(html).toContain('role="status"');
    expect(html).toContain('data-status="connected"');
    expect(html).toContain("Live updates: </span>connected");
  });

  it("counts the tries while it reconnects after a drop", () => {
    const html = renderToStaticMarkup(
      <ConnectionIndicator status="reconnecting" retries={3} label="Live updates" />,
    );
    expect(html).toContain("reconnecting (try 3)");
  });

  it("says disconnected when the server refused the connection for good", () => {
    expect(renderToStaticMarkup(<ConnectionIndicator status="closed" label="x" />)).toContain(
      "disconnected",
    );
  });
});
