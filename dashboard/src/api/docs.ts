/**
 * The API's own description, `GET /api/openapi.json` (public). Only what the docs page
 * reads is checked; the document itself is built on the server from the operations table
 * in worker/http/openapi/ (its types mention Worker types, so they cannot be imported
 * here). Objects are loose: more OpenAPI fields never break the page.
 */
import { z } from "zod";
import { getJson, type RequestOptions } from "./client";

const OperationSchema = z.looseObject({
  operationId: z.string(),
  summary: z.string().default(""),
  tags: z.array(z.string()).default([]),
  /** Who may call it, in words: `["operator", "tenant (its own, as {id})"]`. */
  "x-access": z.array(z.string()).default([]),
});
export type ApiOperation = z.output<typeof OperationSchema>;

export const HTTP_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

const PathItemSchema = z.looseObject(
  Object.fromEntries(HTTP_METHODS.map((m) => [m, OperationSchema.optional()])) as Record<
    HttpMethod,
    z.ZodOptional<typeof OperationSchema>
  >,
);

export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string(),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  tags: z
    .array(z.looseObject({ name: z.string(), description: z.string().optional() }))
    .default([]),
  paths: z.record(z.string(), PathItemSchema),
});
export type OpenApiDocumentView = z.output<typeof OpenApiDocumentSchema>;

export const OPENAPI_PATH = "/api/openapi.json";

export function getApiDocs(options?: RequestOptions) {
  return getJson(OPENAPI_PATH, OpenApiDocumentSchema, options);
}
