/** A tenant's content runs. */
import { getJson, type RequestOptions, seg, withQuery } from "./client";
import { RunListSchema } from "./schemas";

export async function listRuns(tenant: string, options?: RequestOptions) {
  const path = withQuery(`/api/tenants/${seg(tenant)}/runs`, { limit: 50 });
  return (await getJson(path, RunListSchema, options)).runs;
}
