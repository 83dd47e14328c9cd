/**
 * The API's own description, `GET /api/openapi.json` (public), parsed with the
 * contract's `ApiDocument` (events/http/api-docs.ts): loose, so more OpenAPI fields
 * never break the page, with defaults for what a document leaves out.
 */
import { API_METHODS, ApiDocument, type ApiMethod } from "../../../events";
import { getJson, type RequestOptions } from "./client";

export type { ApiOperation } from "../../../events";
export const HTTP_METHODS = API_METHODS;
export type HttpMethod = ApiMethod;
export type OpenApiDocumentView = ApiDocument;

export const OPENAPI_PATH = "/api/openapi.json";

export function getApiDocs(options?: RequestOptions) {
  return getJson(OPENAPI_PATH, ApiDocument, options);
}
