/** A tenant's articles, a page at a time. */
import { type CursorPage, readPages } from "../lib/read-pages";
import { getJson, type RequestOptions, seg, withQuery } from "./client";
import { type Content, ContentList } from "./schemas";

const MAX_PER_READ = 200;

/** The newest `want` articles, following the API's `next_cursor`. */
export function listContent(
  tenant: string,
  want: number,
  options?: RequestOptions,
): Promise<CursorPage<Content>> {
  return readPages(want, MAX_PER_READ, async (limit, cursor) => {
    const path = withQuery(`/api/tenants/${seg(tenant)}/content`, {
      limit,
      ...(cursor ? { cursor } : {}),
    });
    const page = await getJson(path, ContentList, options);
    return { rows: page.content, next_cursor: page.next_cursor };
  });
}
