import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { LoadMore } from "./load-more";

const render = (props: { shown: number; more: boolean; loading: boolean }) =>
  renderToStaticMarkup(<LoadMore what="dead letters" onMore={() => {}} {...props} />);

describe("the foot of a paged list", () => {
  it("offers the next page when the last answer had a cursor", () => {
    const html = render({ shown: 200, more: true, loading: false });
    expect(html).toMatch(/<button[^>]*data-testid="load-more"[^>]*>Load more<\/button>/);
    expect(html).not.toMatch(/<button[^>]*disabled/);
    expect(html).toContain("200 dead letters shown; there are more");
  });

  it("says it is reading, and takes no second click, while the next page loads", () => {
    const html = render({ shown: 200, more: true, loading: true });
    expect(html).toMatch(/<button[^>]*disabled=""[^>]*>Loading more…<\/button>/);
  });

  it("offers nothing more at the end of the list", () => {
    const html = render({ shown: 42, more: false, loading: false });
    expect(html).not.toContain("<button");
    expect(html).toContain("42 dead letters shown<");
  });
});
