import MarkdownIt from "markdown-it";

/**
 * The one parser for published articles. Raw HTML is off (`html: false`), so a `<tag>`
 * in an article — a writer's, a model's, or a keyword repeated in it — is escaped as
 * text; bare URLs stay text (`linkify: false`). Images are off: a page never loads what
 * an article points at.
 */
const md = new MarkdownIt("default", { html: false, linkify: false, typographer: false });
md.disable("image");

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Links keep only http(s) and relative targets. Stricter than markdown-it's default,
 * which refuses javascript:, vbscript:, file: and data: but lets mailto:, tel: and any
 * other scheme through. A refused inline link stays text.
 */
md.validateLink = (url) => {
  const scheme = SCHEME.exec(url.trim())?.[1]?.toLowerCase();
  return scheme === undefined || scheme === "http" || scheme === "https";
};

// Links in an article are the tenant's, not the site's: no endorsement, no opener.
md.renderer.rules.link_open = (tokens, idx, options, _env, self) => {
  tokens[idx]?.attrSet("rel", "nofollow noopener");
  return self.renderToken(tokens, idx, options);
};

// Each heading gets an id from its text, so a section can be linked to; a repeated
// heading gets -2, -3 … (markdown-it escapes the value like any attribute).
md.core.ruler.push("heading_ids", (state) => {
  const used = new Set<string>();
  state.tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const base = anchor(state.tokens[i + 1]?.content ?? "");
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    token.attrSet("id", id);
  });
});

/**
 * Markdown to HTML for published articles (CommonMark with GFM tables and
 * strikethrough). No HTML or script of the article's own reaches the page, and links
 * keep only http(s) and relative targets.
 */
export function markdownToHtml(markdown: string): string {
  return md.render(markdown).trimEnd();
}

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

function anchor(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 60) || "section"
  );
}
