import { z } from "zod";
import { jsonObject, text } from "./fields";

// `GET /api/openapi.json` (public): the API's own OpenAPI 3.1 document, built on the
// server from its operations table (`worker/http/openapi/`). This is what any document
// the server builds is sure to hold; the JSON Schemas under `components` are passed
// through as they are. Whatever a hand-written document leaves out gets a default.

/** The methods a path item may hold an operation for. */
export const API_METHODS = ["get", "post", "put", "patch", "delete"] as const;
export type ApiMethod = (typeof API_METHODS)[number];

/** A security requirement: the scheme's name and the scopes it needs (none for bearer). */
const securityRequirement = z.record(z.string(), z.array(text));

/** One operation of the document. */
export const ApiOperation = z.looseObject({
  operationId: text,
  tags: z.array(text).default([]),
  summary: text.default(""),
  description: text.default(""),
  /** Who may call it, in words: `["operator", "tenant (its own, as {id})"]`. */
  "x-access": z.array(text).default([]),
  /** `[]` on a public operation: no token needed. */
  security: z.array(securityRequirement).optional(),
  parameters: z.array(jsonObject).optional(),
  requestBody: jsonObject.optional(),
  responses: z.record(z.string(), jsonObject).default({}),
});
export type ApiOperation = z.infer<typeof ApiOperation>;

const ApiPathItem = z.looseObject({
  get: ApiOperation.optional(),
  post: ApiOperation.optional(),
  put: ApiOperation.optional(),
  patch: ApiOperation.optional(),
  delete: ApiOperation.optional(),
});

export const ApiDocument = z.looseObject({
  openapi: text,
  info: z.looseObject({ title: text, version: text, description: text.default("") }),
  /** The tags in the order the document declares them. */
  tags: z.array(z.looseObject({ name: text, description: text.default("") })).default([]),
  /** How callers authenticate: bearer tokens. */
  security: z.array(securityRequirement).default([]),
  paths: z.record(z.string(), ApiPathItem),
  components: z
    .looseObject({
      schemas: z.record(z.string(), jsonObject).default({}),
      responses: z.record(z.string(), jsonObject).default({}),
      securitySchemes: z.record(z.string(), jsonObject).default({}),
    })
    .prefault({}),
});
export type ApiDocument = z.infer<typeof ApiDocument>;
