import { useCallback, useState } from "react";
import { listContent } from "../../api/content";
import type { Content } from "../../api/schemas";
import { LoadMore } from "../../components/load-more";
import { Loadable } from "../../components/loadable";
import { StatusBadge } from "../../components/status-badge";
import { formatClock, formatCount, formatDateTime } from "../../lib/format";
import { useTenantLive } from "../../live/live-context";
import { useResource } from "../../live/use-resource";
import { Link } from "../../router/link";
import { Page } from "../../shell/page";

/** The article's published page, opened in a new tab (it is the public site, not the app). */
function PageLink({ item }: { item: Content }) {
  const url = item.urls[0];
  if (!url) return <span className="muted">not yet</span>;
  const path = url.replace(/^https?:\/\/[^/]+/, "");
  return (
    <a href={url} target="_blank" rel="noreferrer" data-testid="content-url">
      {path}
    </a>
  );
}

export function ContentTable({ items, tenantId }: { items: readonly Content[]; tenantId: string }) {
  return (
    <div className="table-scroll">
      <table className="data-table">
        <thead>
          <tr>
            <th scope="col">Article</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Words
            </th>
            <th scope="col">Page</th>
            <th scope="col">Published</th>
            <th scope="col">Chain</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={item.content_id} data-testid="content-row" data-status={item.status}>
              <th scope="row">
                {item.title ?? item.keyword}
                <span className="sub">{item.keyword}</span>
              </th>
              <td>
                <StatusBadge status={item.status} testId="content-status" />
                {item.error ? <span className="sub field-error">{item.error}</span> : null}
              </td>
              <td className="num" data-testid="content-words">
                {formatCount(item.word_count)}
              </td>
              <td>
                <PageLink item={item} />
              </td>
              <td>
                <time
                  dateTime={item.published_at ?? undefined}
                  title={formatDateTime(item.published_at)}
                >
                  {formatClock(item.published_at)}
                </time>
              </td>
              <td>
                <Link
                  to={`/trace/${encodeURIComponent(item.correlation_id)}?tenant=${encodeURIComponent(tenantId)}`}
                >
                  trace
                </Link>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Articles read at first, and added by each "Load more". */
const PAGE = 50;

/**
 * A tenant's articles: where each stands (writing, awaiting approval, publishing,
 * published …), its length and its page. Re-read whenever the tenant's agent pushes;
 * "Load more" follows the API's cursor.
 */
export function ContentPage({ tenantId }: { tenantId: string }) {
  const live = useTenantLive();
  const [want, setWant] = useState(PAGE);
  const load = useCallback(
    (signal: AbortSignal) => listContent(tenantId, want, { signal }),
    [tenantId, want],
  );
  const content = useResource(load, [live?.state]);
  const shown = content.data?.rows ?? [];
  return (
    <Page
      title="Content"
      intro={
        <>
          Articles the agent's runs wrote. The public site:{" "}
          <a href={`/sites/${encodeURIComponent(tenantId)}`} target="_blank" rel="noreferrer">
            /sites/{tenantId}
          </a>
        </>
      }
    >
      <Loadable
        what="articles"
        {...content}
        onRetry={content.reload}
        isEmpty={(page) => page.rows.length === 0}
        empty="No articles yet: a cycle writes one for each keyword its strategy keeps."
      >
        {(page) => <ContentTable items={page.rows} tenantId={tenantId} />}
      </Loadable>
      {shown.length > 0 ? (
        <LoadMore
          what="articles"
          shown={shown.length}
          more={(content.data?.next_cursor ?? null) !== null}
          loading={content.data === undefined}
          onMore={() => setWant(want + PAGE)}
        />
      ) : null}
    </Page>
  );
}
