import { describe, expect, it } from "vitest";
import { markdownToHtml } from "./markdown";

describe("rendering an article's markdown", () => {
  it("renders headings, paragraphs, lists and emphasis", () => {
    const html = markdownToHtml(
      "# Title\n\nA *short* and **bold** line\nthat continues.\n\n## Steps\n\n- one\n- two\n\n1. first\n2. second",
    );
    expect(html).toBe(
      [
        '<h1 id="title">Title</h1>',
        "<p>A <em>short</em> and <strong>bold</strong> line",
        "that continues.</p>",
        '<h2 id="steps">Steps</h2>',
        "<ul>",
        "<li>one</li>",
        "<li>two</li>",
        "</ul>",
        "<ol>",
        "<li>first</li>",
        "<li>second</li>",
        "</ol>",
      ].join("\n"),
    );
  });

  it("gives a repeated heading its own id", () => {
    const html = markdownToHtml("## FAQ\n\n## FAQ");
    expect(html).toBe('<h2 id="faq">FAQ</h2>\n<h2 id="faq-2">FAQ</h2>');
  });

  it("shows HTML and scripts in the text as text", () => {
    const html = markdownToHtml('Hello <script>alert("x")</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("shows markup in a heading as text, in its text and its id", () => {
    const html = markdownToHtml("## winter <svg onload=alert(1)> tyres");
    expect(html).toBe(
      '<h2 id="winter-svg-onload-alert-1-tyres">winter &lt;svg onload=alert(1)&gt; tyres</h2>',
    );
  });

  it("links to http, https and relative addresses", () => {
    const html = markdownToHtml(
      "[safe](https://example.com/a?b=1&c=2), [plain](http://example.com) and [here](/sites/t/a#grip)",
    );
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">safe</a>',
    );
    expect(html).toContain('<a href="http://example.com" rel="nofollow noopener">plain</a>');
    expect(html).toContain('<a href="/sites/t/a#grip" rel="nofollow noopener">here</a>');
  });

  it("leaves a javascript: link as text, not a link", () => {
    // Given every way markdown spells a link, each to a script
    const html = markdownToHtml(
      [
        "[bad](javascript:alert(1)) [loud](JaVaScRiPt:alert(1)) [angled](<javascript:alert(1)>)",
        "<javascript:alert(1)> [ref]",
        "",
        "[ref]: javascript:alert(1)",
      ].join("\n"),
    );
    // Then none becomes a link, and the text is still there to read
    expect(html).not.toContain("<a");
    expect(html).not.toMatch(/href/i);
    expect(html).toContain("[bad](javascript:alert(1))");
  });

  it("links to no other scheme either", () => {
    const html = markdownToHtml(
      "[a](vbscript:x) [b](data:text/html,x) [c](file:///etc/passwd) [d](mailto:a@example.com)",
    );
    expect(html).not.toContain("<a");
  });

  it("loads no image: an image is shown as a link to it", () => {
    const html = markdownToHtml("![pixel](https://tracker.example/p.gif)");
    expect(html).not.toContain("<img");
    expect(html).toBe(
      '<p>!<a href="https://tracker.example/p.gif" rel="nofollow noopener">pixel</a></p>',
    );
  });

  it("keeps code as it is written, escaped", () => {
    const html = markdownToHtml("Use `a < b` here.\n\n```\nif (a < b) {}\n```");
    expect(html).toContain("<code>a &lt; b</code>");
    expect(html).toContain("<pre><code>if (a &lt; b) {}\n</code></pre>");
  });
});
