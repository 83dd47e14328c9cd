import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { Content } from "../../api/schemas";
import { ContentTable } from "./content-page";

const article = (overrides: Partial<Content>): Content => ({
  content_id: "c-1",
  keyword: "budget apps",
  status: "published",
  title: "Budget Apps: A Guide",
  word_count: 812,
  urls: ["http://127.0.0.1:8787/sites/acme/budget-apps"],
  published_at: "2026-11-22T10:00:00Z",
  run_id: "acme-1",
  correlation_id: "chain-1",
  error: null,
  requested_at: "2026-11-22T09:59:00Z",
  ...overrides,
});

describe("the content table", () => {
  it("shows a published article's title, words and page", () => {
    const html = renderToStaticMarkup(<ContentTable items={[article({})]} tenantId="acme" />);
    expect(html).toContain("Budget Apps: A Guide");
    expect(html).toContain('data-tone="ok" data-testid="content-status">published');
    expect(html).toMatch(/data-testid="content-words">812</);
    expect(html).toContain('href="http://127.0.0.1:8787/sites/acme/budget-apps"');
    expect(html).toContain(">/sites/acme/budget-apps</a>");
  });

  it("shows an article still being written, without a page, and a rejected one with why", () => {
    const html = renderToStaticMarkup(
      <ContentTable
        items={[
          article({
            content_id: "c-2",
            status: "writing",
            title: null,
            word_count: null,
            urls: [],
            published_at: null,
          }),
          article({
            content_id: "c-3",
            status: "rejected",
            error: "rejected: off brand",
            urls: [],
          }),
        ]}
        tenantId="acme"
      />,
    );
    expect(html).toContain('data-tone="busy" data-testid="content-status">writing');
    expect(html).toContain("not yet");
    expect(html).toContain("rejected: off brand");
  });
});
