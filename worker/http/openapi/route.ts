import { Hono } from "hono";
import { access, PUBLIC } from "../../auth/access";
import { accessFromRoutes, type RouteEntry } from "./access";
import { buildOpenApiDocument, type OpenApiDocument } from "./document";

/**
 * `GET /api/openapi.json`: the API's OpenAPI 3.1 document. Public (a contract, no data).
 * Who may call each operation is read from the app's routes (`routes`, asked when the
 * document is first built, once the app exists), each with its `access` rule.
 */
export function openApiRoutes(routes: () => readonly RouteEntry[]) {
  // Built once per isolate and version: the routes do not change at run time.
  const built = new Map<string, OpenApiDocument>();
  const accessOf = accessFromRoutes(routes);
  return new Hono<{ Bindings: Env }>().get("/", access(PUBLIC), (c) => {
    const version = c.env.SWITCHBOARD_VERSION;
    let document = built.get(version);
    if (!document) {
      document = buildOpenApiDocument({ version, accessOf });
      built.set(version, document);
    }
    return c.json(document);
  });
}
