/** A tenant's articles. */
import { getJson, type RequestOptions, seg, withQuery } from "./client";
import { ContentList } from "./schemas";

export async function listContent(tenant: string, options?: RequestOptions) {
  const path = withQuery(`/api/tenants/${seg(tenant)}/content`, { limit: 100 });
  return (await getJson(path, ContentList, options)).content;
}
