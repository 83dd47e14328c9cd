import { Hono } from "hono";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";

/** Built once per isolate and version: the operations table does not change at run time. */
const built = new Map<string, OpenApiDocument>();

/**
 * `GET /api/openapi.json`: the API's OpenAPI 3.1 document. Public (a contract, no data),
 * see `../../auth/policy.ts`.
 */
export const openApiRoutes = new Hono<{ Bindings: Env }>().get("/", (c) => {
  const version = c.env.SWITCHBOARD_VERSION;
  let document = built.get(version);
  if (!document) {
    document = buildOpenApiDocument({ version });
    built.set(version, document);
  }
  return c.json(document);
});
