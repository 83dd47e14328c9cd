import { createMessage, type Message } from "../../events";
import { type CommandOutcome, ServiceObject } from "../../platform/service/service-object";
import { type ArticleSource, agentArticles } from "./article-source";
import { type PageLink, renderArticlePage } from "./render";
import { publisherMigrations } from "./schema";

/** A publication as the publisher records it. */
export type Publication = {
  content_id: string;
  slug: string;
  url: string;
  title: string;
  keyword: string;
  word_count: number;
  published_at: string;
};

const DEFAULT_ORIGIN = "http://127.0.0.1:8787";

/**
 * The reference publisher, one per tenant: renders a stored article to an HTML page
 * at /sites/<tenant>/<slug> and announces it with `content.published` — only an
 * article its tenant's agent says may go live (approved, when its run needs approval).
 * Idempotent on the command's event_id and on the article's version (its content id and
 * the run that wrote it): publishing the same article twice gives one page and one
 * event, while a rewrite of the same content is published again, at the same address.
 */
export class PublisherService extends ServiceObject {
  /** Where articles are read from; tests may replace it. */
  protected articles: ArticleSource;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env, publisherMigrations);
    this.articles = agentArticles(env);
  }

  /** Applies `content.publish` commands of this tenant. */
  async handle(messages: Message[]): Promise<CommandOutcome[]> {
    const outcomes: CommandOutcome[] = [];
    for (const message of messages) outcomes.push(await this.publish(message));
    await this.flush();
    return outcomes;
  }

  async getPage(slug: string): Promise<{ html: string; title: string } | null> {
    return (
      this.sql
        .exec<{ html: string; title: string }>("SELECT html, title FROM pages WHERE slug = ?", slug)
        .toArray()[0] ?? null
    );
  }

  async listPages(limit = 100): Promise<PageLink[]> {
    return this.sql
      .exec<PageLink>(
        "SELECT slug, title, summary, published_at FROM pages ORDER BY published_at DESC LIMIT ?",
        limit,
      )
      .toArray();
  }

  async listPublications(limit = 100): Promise<Publication[]> {
    return this.sql
      .exec<Publication>(
        `SELECT content_id, slug, url, title, keyword, word_count, published_at
         FROM publications ORDER BY published_at DESC LIMIT ?`,
        limit,
      )
      .toArray();
  }

  /**
   * The pages live at these URLs: the article behind each and when it was last
   * published (a rewrite publishes again at the same URL). A read by id, for analytics.
   */
  async pagesAt(
    urls: string[],
  ): Promise<{ url: string; content_id: string; published_at: string }[]> {
    const unique = [...new Set(urls)].slice(0, 100);
    if (unique.length === 0) return [];
    return this.sql
      .exec<{ url: string; content_id: string; published_at: string }>(
        `SELECT url, content_id, published_at FROM publications
         WHERE url IN (${unique.map(() => "?").join(",")}) ORDER BY published_at DESC`,
        ...unique,
      )
      .toArray();
  }

  private async publish(message: Message): Promise<CommandOutcome> {
    const id = message.event_id;
    if (message.type !== "content.publish") {
      return {
        event_id: id,
        status: "rejected",
        reason: `publisher cannot handle ${message.type}`,
      };
    }
    const contentId = message.payload.content_id;
    if (this.seen(id)) return this.commit(message, () => ({ duplicate: true }));
    let found: Awaited<ReturnType<ArticleSource>>;
    try {
      found = await this.articles(message.tenant_id, contentId);
    } catch (error) {
      return { event_id: id, status: "retry", reason: `could not read article: ${String(error)}` };
    }
    // The command only names an article; its agent says whether it may go live.
    if (!found.ok) {
      return {
        event_id: id,
        status: "rejected",
        reason: `${found.reason} (tenant ${message.tenant_id}); nothing was published`,
      };
    }
    const article = found.article;
    const url = `${origin(this.env.PUBLIC_ORIGIN)}/sites/${message.tenant_id}/${article.slug}`;
    return this.commit(message, (now) => {
      // Inside the transaction: another delivery of this version may have won meanwhile.
      if (this.publishedVersion(contentId) === article.run_id) return { duplicate: true };
      const publishedAt = now.toISOString();
      const html = renderArticlePage({
        tenant_id: message.tenant_id,
        title: article.title,
        summary: article.summary,
        markdown: article.markdown,
        url,
        word_count: article.word_count,
        published_at: publishedAt,
      });
      this.sql.exec(
        `INSERT INTO publications (content_id, slug, url, title, keyword, word_count, article_run, command_id, published_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (content_id) DO UPDATE SET slug = excluded.slug, url = excluded.url,
           title = excluded.title, keyword = excluded.keyword, word_count = excluded.word_count,
           article_run = excluded.article_run, command_id = excluded.command_id,
           published_at = excluded.published_at`,
        contentId,
        article.slug,
        url,
        article.title,
        article.keyword,
        article.word_count,
        article.run_id,
        id,
        publishedAt,
      );
      this.sql.exec(
        `INSERT INTO pages (slug, content_id, title, summary, html, published_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (slug) DO UPDATE SET content_id = excluded.content_id, title = excluded.title,
           summary = excluded.summary, html = excluded.html, updated_at = excluded.updated_at`,
        article.slug,
        contentId,
        article.title,
        article.summary,
        html,
        publishedAt,
        publishedAt,
      );
      const published = createMessage(
        "content.published",
        { content_id: contentId, urls: [url], published_at: publishedAt },
        { tenant_id: message.tenant_id, source: "publisher", cause: message },
      );
      return { duplicate: false, emit: [published] };
    });
  }

  /** The run whose article is published under this content id, or null. */
  private publishedVersion(contentId: string): string | null {
    return (
      this.sql
        .exec<{ article_run: string }>(
          "SELECT article_run FROM publications WHERE content_id = ?",
          contentId,
        )
        .toArray()[0]?.article_run ?? null
    );
  }
}

/** The configured public origin without a trailing slash; the default when unusable. */
function origin(configured: string | undefined): string {
  const value = (configured ?? "").trim().replace(/\/+$/, "");
  return /^https?:\/\/[^/\s]+$/.test(value) ? value : DEFAULT_ORIGIN;
}
