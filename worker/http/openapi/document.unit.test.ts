import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { access, INGEST, OPERATOR_OR_SCRAPE } from "../../auth/access";
import { accessFromRoutes, callersOf } from "./access";
import { buildOpenApiDocument } from "./document";
import { OPERATIONS, type Operation } from "./operations";

// Two routes with their rules, as the app lists them (`app.routes`); the real app's
// rules are held against the served document in test/openapi.test.ts.
const accessOf = accessFromRoutes(() => [
  { method: "POST", path: "/api/events", handler: access(INGEST) },
  { method: "GET", path: "/metrics", handler: access(OPERATOR_OR_SCRAPE) },
]);
const doc = buildOpenApiDocument({ version: "9.9.9", accessOf });

describe("the OpenAPI document", () => {
  it("is a valid OpenAPI 3.1 document whose references all resolve", async () => {
    const validator = new Validator();
    const result = await validator.validate(structuredClone(doc));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(() => validator.resolveRefs()).not.toThrow();
  });

  it("gives every operation a unique operationId", () => {
    const ids = Object.values(doc.paths).flatMap((item) =>
      Object.values(item).map((op) => op.operationId),
    );
    expect(ids).toHaveLength(OPERATIONS.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("describes a request body as its input: fields with defaults are not required", () => {
    const strategy = doc.components.schemas.StrategyInput;
    expect(strategy?.required).toBeUndefined();
    expect(doc.components.schemas.Strategy?.required).toContain("cycle_cron");
    const put = doc.paths["/api/tenants/{id}/strategy"]?.put;
    expect(put?.requestBody).toMatchObject({
      content: { "application/json": { schema: { $ref: "#/components/schemas/StrategyInput" } } },
    });
  });

  it("turns a query schema into one parameter per field, coerced numbers as integers", () => {
    const parameters = doc.paths["/api/events"]?.get?.parameters ?? [];
    expect(parameters).toContainEqual({
      name: "tenant",
      in: "query",
      required: true,
      schema: expect.objectContaining({ type: "string" }),
    });
    expect(parameters).toContainEqual(
      expect.objectContaining({
        name: "limit",
        required: false,
        schema: expect.objectContaining({ type: "integer", maximum: 500 }),
      }),
    );
  });

  it("refers to the one Problem schema for every problem+json answer", () => {
    const problem = {
      "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } },
    };
    expect(doc.paths["/api/tenants"]?.post?.responses["409"]).toMatchObject({ content: problem });
    expect(doc.components.responses.Unauthorized).toMatchObject({ content: problem });
    expect(doc.components.schemas.Problem?.required).toEqual(["type", "title", "status", "detail"]);
  });

  it("says who may call each operation as its route's rule does", () => {
    expect(doc.paths["/api/events"]?.post?.["x-access"]).toEqual([
      "operator",
      "tenant (its own tenant_id in the body)",
      "service",
    ]);
    expect(doc.paths["/sites/{tenant}"]?.get?.["x-access"]).toEqual(["public"]);
    // A gated path whose route declares no rule is what the gate makes of it: operators only.
    expect(callersOf(accessOf("get", "/api/no-rule-declared"))).toEqual(["operator"]);
  });

  it("describes the Prometheus scrape as plain text, for an operator or the scrape token", () => {
    const scrape = doc.paths["/metrics"]?.get;
    expect(scrape?.responses["200"]).toMatchObject({
      content: { "text/plain; version=0.0.4; charset=utf-8": { schema: { type: "string" } } },
    });
    expect(scrape?.["x-access"]).toEqual(["operator", "scrape token (METRICS_SCRAPE_TOKEN)"]);
    expect(scrape?.security).toEqual([{ bearer: [] }, { scrapeToken: [] }]);
    expect(doc.components.securitySchemes.scrapeToken).toMatchObject({ scheme: "bearer" });
  });

  it("refuses an operation whose parameters do not match its path", () => {
    const broken: Operation = {
      id: "broken",
      method: "get",
      path: "/api/things/{id}",
      tag: "Meta",
      summary: "Broken",
      params: { thing: z.string() },
      ok: { status: 200, description: "Nothing." },
    };
    expect(() => buildOpenApiDocument({ version: "0", accessOf, operations: [broken] })).toThrow(
      /no \{thing\}/,
    );
  });
});
