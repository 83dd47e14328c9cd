import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Loadable } from "./loadable";

const problem = {
  type: "about:blank",
  title: "Service unavailable",
  status: 503,
  detail: "The platform is starting.",
};

function render(props: Partial<Parameters<typeof Loadable<string[]>>[0]>) {
  return renderToStaticMarkup(
    <Loadable<string[]>
      what="dead letters"
      data={undefined}
      problem={null}
      loading={false}
      onRetry={() => {}}
      isEmpty={(list) => list.length === 0}
      empty="No dead letters."
      {...props}
    >
      {(list) => (
        <ul>
          {list.map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      )}
    </Loadable>,
  );
}

describe("anything read over HTTP", () => {
  it("says what it is loading, busy, until the first answer", () => {
    const html = render({ loading: true });
    expect(html).toContain('aria-busy="true"');
    expect(html).toContain("Loading dead letters…");
  });

  it("shows the problem with a way to try again when the read failed", () => {
    const html = render({ problem });
    expect(html).toContain('role="alert"');
    expect(html).toContain("Service unavailable (503)");
    expect(html).toContain("The platform is starting.");
    expect(html).toContain(">Try again</button>");
  });

  it("says there is nothing rather than showing an empty list", () => {
    const html = render({ data: [] });
    expect(html).toContain("No dead letters.");
    expect(html).not.toContain("<ul>");
  });

  it("shows the data once it is there", () => {
    expect(render({ data: ["a", "b"] })).toContain("<ul><li>a</li><li>b</li></ul>");
  });

  it("keeps showing the last data when a re-read fails, with the problem above it", () => {
    const html = render({ data: ["a"], problem });
    expect(html.indexOf("Service unavailable")).toBeLessThan(html.indexOf("<li>a</li>"));
  });
});
