/**
 * Builds the OpenAPI 3.1 document from the operations table: JSON Schemas come from
 * zod's own `z.toJSONSchema` (request bodies and queries as their input, responses as
 * their output), named once under `components.schemas` and referenced from there.
 * Pure: no Workers APIs, so Node tests validate the same document the Worker serves.
 */
import { z } from "zod";
import { Envelope } from "../../../events";
import { Strategy } from "../../../events/strategy";
import { type AccessOf, callersOf } from "./access";
import { type Method, OPERATIONS, type Operation, TAGS } from "./operations";
import * as named from "./schemas";

type JsonSchema = z.core.JSONSchema.BaseSchema;
type Json = Record<string, unknown>;

export type OperationObject = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  /** Who may call it, in words (`["operator", "service"]`, or `["public"]`). */
  "x-access": string[];
  /** `[]` for a public route; the alternatives for one that takes more than one scheme. */
  security?: [] | Record<string, []>[];
  parameters?: Json[];
  requestBody?: Json;
  responses: Record<string, Json>;
};

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  tags: { name: string; description: string }[];
  security: Record<string, []>[];
  paths: Record<string, Partial<Record<Method, OperationObject>>>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, Json>;
    securitySchemes: Record<string, Json>;
  };
};

const OPTIONS = { target: "draft-2020-12", unrepresentable: "any" } as const;
const SCHEMAS = "#/components/schemas/";
const ref = (name: string) => ({ $ref: SCHEMAS + name });
const responseRef = (name: string) => ({ $ref: `#/components/responses/${name}` });

type Registry = z.core.$ZodRegistry<{ id: string }>;

/** `schemas.ts`'s exports go by their own names (less a `Schema` suffix). */
const NAMES = new Map<unknown, string>(
  Object.entries(named).map(([name, schema]) => [schema, name.replace(/Schema$/, "")]),
);

/** The schema's name in a registry, registering it when it is new (`fallback` if unnamed). */
function nameIn(registry: Registry, schema: z.ZodType, fallback: string): string {
  const known = registry.get(schema)?.id;
  if (known) return known;
  const id = NAMES.get(schema) ?? fallback;
  registry.add(schema, { id });
  return id;
}

/** A registry's schemas as components: without `$schema` / `$id`, which OpenAPI does not want there. */
function emit(registry: Registry, io: "input" | "output"): Record<string, JsonSchema> {
  const { schemas } = z.toJSONSchema(registry, { ...OPTIONS, io, uri: (id) => SCHEMAS + id });
  return Object.fromEntries(
    Object.entries(schemas).map(([name, { $schema: _s, $id: _i, ...schema }]) => [name, schema]),
  );
}

function standalone(schema: z.ZodType): JsonSchema {
  const { $schema: _s, ...json } = z.toJSONSchema(schema, { ...OPTIONS, io: "input" });
  return json;
}

const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/** Each query property as a parameter, with its own schema and whether it is required. */
function queryParameters(op: Operation): Json[] {
  if (!op.query) return [];
  const json = standalone(op.query);
  if (json.type !== "object" || !json.properties) {
    throw new Error(`${op.id}: a query schema must be an object`);
  }
  const required = new Set(json.required ?? []);
  return Object.entries(json.properties).map(([name, schema]) => {
    const { description, ...rest } = typeof schema === "object" ? schema : {};
    return {
      name,
      in: "query",
      required: required.has(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

function pathParameters(op: Operation): Json[] {
  const names = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1] ?? "");
  for (const name of Object.keys(op.params ?? {})) {
    if (!names.includes(name)) throw new Error(`${op.id}: no {${name}} in ${op.path}`);
  }
  return names.map((name) => {
    const schema = op.params?.[name];
    return {
      name,
      in: "path",
      required: true,
      schema: schema ? standalone(schema) : { type: "string" },
    };
  });
}

const HTML = { "text/html": { schema: { type: "string" } } };
const PROBLEM = { "application/problem+json": { schema: ref("Problem") } };

/** The answers every route behind a token, or every route with a body, may give: defined once. */
const SHARED_RESPONSES = {
  BadBody: {
    description: "The body does not parse as JSON, or has a shape no request needs.",
    content: PROBLEM,
  },
  TooLarge: { description: "The body is over the route's size limit.", content: PROBLEM },
  NotJson: { description: "The body is not sent as application/json.", content: PROBLEM },
  Unauthorized: {
    description: "No valid bearer token (missing, forged, expired or revoked).",
    content: PROBLEM,
  },
  Forbidden: { description: "The token's role or tenant may not call this.", content: PROBLEM },
  Unavailable: {
    description:
      "No signing secret is configured, or the platform's operations agent is out of reach; see Retry-After.",
    content: PROBLEM,
  },
};

/** The main answer, the operation's own problems, then those that go without saying. */
function responsesOf(op: Operation, isPublic: boolean, outputs: Registry): Record<string, Json> {
  const responses: Record<string, Json> = {};
  const { status, description, schema, html, text } = op.ok;
  const json = schema ? { schema: ref(nameIn(outputs, schema, `${pascal(op.id)}Response`)) } : {};
  const content = html
    ? HTML
    : text
      ? { [text]: { schema: { type: "string" } } }
      : { "application/json": json };
  responses[String(status)] = status === 204 ? { description } : { description, content };
  for (const [code, error] of Object.entries(op.errors ?? {})) {
    responses[code] =
      typeof error === "string"
        ? { description: error, content: PROBLEM }
        : { description: error.description, content: HTML };
  }
  if (op.body) {
    responses["400"] ??= responseRef("BadBody");
    responses["413"] ??= responseRef("TooLarge");
    responses["415"] ??= responseRef("NotJson");
  }
  if (!isPublic) {
    responses["401"] ??= responseRef("Unauthorized");
    responses["403"] ??= responseRef("Forbidden");
    responses["503"] ??= responseRef("Unavailable");
  }
  return responses;
}

function operationObject(
  op: Operation,
  accessOf: AccessOf,
  inputs: Registry,
  outputs: Registry,
): OperationObject {
  const access = accessOf(op.method, op.path);
  const callers = callersOf(access);
  const isPublic = callers.includes("public");
  // A route that takes the scrape token takes either bearer token.
  const scrape = access !== "public" && access.scrape === true;
  const parameters = [...pathParameters(op), ...queryParameters(op)];
  return {
    operationId: op.id,
    tags: [op.tag],
    summary: op.summary,
    description: `Who may call it: ${callers.join(", ")}.`,
    "x-access": callers,
    ...(isPublic ? { security: [] as [] } : {}),
    ...(scrape ? { security: [{ bearer: [] }, { scrapeToken: [] }] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: !op.body.optional,
            content: {
              "application/json": {
                schema: ref(nameIn(inputs, op.body.schema, `${pascal(op.id)}Body`)),
              },
            },
          },
        }
      : {}),
    responses: responsesOf(op, isPublic, outputs),
  };
}

/** Builds the document for this deployment's version. */
export function buildOpenApiDocument({
  version,
  accessOf,
  operations = OPERATIONS,
}: {
  version: string;
  /** Who may call each operation: the app's own rules (`accessFromRoutes`). */
  accessOf: AccessOf;
  operations?: readonly Operation[];
}): OpenApiDocument {
  const inputs: Registry = z.registry<{ id: string }>();
  const outputs: Registry = z.registry<{ id: string }>();
  // Named up front, so every schema that nests them refers to them by name. The
  // strategy's request form has defaults where its answer has required fields.
  inputs.add(Envelope, { id: "Envelope" });
  inputs.add(Strategy, { id: "StrategyInput" });
  outputs.add(Strategy, { id: "Strategy" });
  outputs.add(named.Problem, { id: "Problem" });

  const paths: OpenApiDocument["paths"] = {};
  for (const op of operations) {
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is listed twice`);
    item[op.method] = operationObject(op, accessOf, inputs, outputs);
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Switchboard API",
      version,
      description:
        "JSON in and out; every error is application/problem+json. Every route but the public ones needs `Authorization: Bearer <token>`; each operation's `x-access` says who may call it, from the same rules the Worker's routes enforce.",
    },
    tags: TAGS.map((tag) => ({ ...tag })),
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: merge(emit(inputs, "input"), emit(outputs, "output")),
      responses: SHARED_RESPONSES,
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "An HS256 token naming a role (operator, tenant, service); `npm run token` prints one.",
        },
        scrapeToken: {
          type: "http",
          scheme: "bearer",
          description:
            "The static METRICS_SCRAPE_TOKEN secret, for a Prometheus server: it opens GET /metrics and nothing else.",
        },
      },
    },
  };
}

/** Request and response schemas in one namespace; one name must mean one schema. */
function merge(
  inputs: Record<string, JsonSchema>,
  outputs: Record<string, JsonSchema>,
): Record<string, JsonSchema> {
  for (const [name, schema] of Object.entries(inputs)) {
    const other = outputs[name];
    if (other && JSON.stringify(other) !== JSON.stringify(schema)) {
      throw new Error(
        `${name} differs as a request and as a response: name its request form apart`,
      );
    }
  }
  return { ...outputs, ...inputs };
}
