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
        "<p>A <em>short</em> and <strong>bold</strong> line that continues.</p>",
        '<h2 id="steps">Steps</h2>',
        "<ul><li>one</li><li>two</li></ul>",
        "<ol><li>first</li><li>second</li></ol>",
      ].join("\n"),
    );
  });

  it("shows HTML and scripts in the text as text", () => {
    const html = markdownToHtml('Hello <script>alert("x")</script> <img src=x onerror=alert(1)>');
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
  });

  it("links only to http and https addresses", () => {
    const html = markdownToHtml(
      "[safe](https://example.com/a?b=1&c=2) and [bad](javascript:alert(1))",
    );
    expect(html).toContain(
      '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow noopener">safe</a>',
    );
    expect(html).not.toContain('href="javascript');
  });

  it("keeps code as it is written, escaped", () => {
    const html = markdownToHtml("Use `a < b` here.\n\n```\nif (a < b) {}\n```");
    expect(html).toContain("<code>a &lt; b</code>");
    expect(html).toContain("<pre><code>if (a &lt; b) {}</code></pre>");
  });
});
