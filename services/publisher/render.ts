import { escapeHtml, markdownToHtml } from "./markdown";

/** What a published page shows. */
export type PageInput = {
  tenant_id: string;
  title: string;
  summary: string;
  markdown: string;
  url: string;
  word_count: number;
  published_at: string;
};

/** A listed page on a tenant's site index. */
export type PageLink = { slug: string; title: string; summary: string; published_at: string };

const STYLE = `
  :root { color-scheme: light dark; --fg: #1d2330; --muted: #5f6b7a; --bg: #fdfdfc; --accent: #2f5bd3; }
  @media (prefers-color-scheme: dark) { :root { --fg: #e6e8ec; --muted: #9aa4b2; --bg: #14171c; --accent: #8fb0ff; } }
  body { margin: 0; background: var(--bg); color: var(--fg); font: 18px/1.65 Georgia, "Times New Roman", serif; }
  header, main, footer { max-width: 44rem; margin: 0 auto; padding: 0 1.25rem; }
  header { padding-top: 1.5rem; font: 600 0.95rem/1.4 system-ui, sans-serif; }
  header a { color: var(--muted); text-decoration: none; }
  h1, h2, h3 { font-family: system-ui, sans-serif; line-height: 1.25; }
  h1 { font-size: 2.1rem; margin: 1.5rem 0 0.5rem; }
  h2 { font-size: 1.45rem; margin-top: 2.2rem; }
  h3 { font-size: 1.1rem; margin-top: 1.6rem; }
  a { color: var(--accent); }
  .meta, footer { color: var(--muted); font: 0.9rem/1.5 system-ui, sans-serif; }
  footer { padding: 2rem 1.25rem 3rem; }
  li { margin: 0.3rem 0; }
  .index li { margin: 1.2rem 0; list-style: none; }
  .index ul { padding: 0; }
`;

/** Headers for every page the publisher serves: no scripts, no framing, no sniffing. */
export const PAGE_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
} as const;

function layout(title: string, description: string, tenantId: string | null, body: string): string {
  const header = tenantId
    ? `<a href="/sites/${escapeHtml(tenantId)}">${escapeHtml(tenantId)}</a>`
    : "Switchboard";
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<meta name="description" content="${escapeHtml(description)}">
<style>${STYLE}</style>
</head>
<body>
<header>${header}</header>
<main>
${body}
</main>
<footer>Published by the Switchboard publisher.</footer>
</body>
</html>
`;
}

/** The HTML page of one article. */
export function renderArticlePage(page: PageInput): string {
  const date = page.published_at.slice(0, 10);
  const body = `<article>
${markdownToHtml(page.markdown)}
<p class="meta">${page.word_count} words · published <time datetime="${escapeHtml(page.published_at)}">${escapeHtml(date)}</time></p>
</article>`;
  return layout(`${page.title} · ${page.tenant_id}`, page.summary, page.tenant_id, body);
}

/** A tenant's site index: its published articles, newest first. */
export function renderSiteIndex(tenantId: string, pages: readonly PageLink[]): string {
  const site = escapeHtml(tenantId);
  const items = pages
    .map(
      (p) =>
        `<li><a href="/sites/${site}/${escapeHtml(p.slug)}"><strong>${escapeHtml(p.title)}</strong></a><br><span class="meta">${escapeHtml(p.published_at.slice(0, 10))}</span> — ${escapeHtml(p.summary)}</li>`,
    )
    .join("\n");
  const body =
    pages.length > 0
      ? `<h1>Articles</h1><div class="index"><ul>${items}</ul></div>`
      : "<h1>Articles</h1><p>Nothing is published here yet.</p>";
  return layout(`${tenantId} · articles`, `Articles published by ${tenantId}`, tenantId, body);
}

/** The page a reader sees for a path with no article. */
export function renderNotFound(tenantId: string | null): string {
  return layout(
    "Not found",
    "No article here",
    tenantId,
    "<h1>Not found</h1><p>There is no published article at this address.</p>",
  );
}
