import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { ApiDocument } from "../../../../events";
import { groupOperations } from "../../lib/api-operations";
import { ApiDocsPage } from "./api-docs-page";
import { ApiOperations } from "./api-operations";

/** A document as the server answers it, cut down to what the page reads (and a bit more). */
const doc = ApiDocument.parse({
  openapi: "3.1.0",
  info: { title: "Switchboard API", version: "0.1.0" },
  tags: [
    { name: "Meta", description: "The health check and this document." },
    { name: "Tenants" },
    { name: "Unused" },
  ],
  paths: {
    "/api/tenants/{id}": {
      parameters: [],
      get: {
        operationId: "getTenant",
        tags: ["Tenants"],
        summary: "A tenant",
        "x-access": ["operator", "tenant (its own, as {id})"],
        responses: {},
      },
    },
    "/api/health": {
      get: {
        operationId: "getHealth",
        tags: ["Meta"],
        summary: "Health check",
        "x-access": ["public"],
      },
    },
    "/api/tenants": {
      get: {
        operationId: "listTenants",
        tags: ["Tenants"],
        summary: "Every tenant",
        "x-access": ["operator"],
      },
      post: {
        operationId: "createTenant",
        tags: ["Tenants"],
        summary: "Create a tenant",
        "x-access": ["operator"],
      },
    },
    "/api/odd": { delete: { operationId: "odd", summary: "Untagged" } },
  },
});

describe("the API docs page", () => {
  it("groups operations by tag in the document's order, leaving out empty tags", () => {
    const groups = groupOperations(doc);
    expect(groups.map((g) => g.tag)).toEqual(["Meta", "Tenants", "Other"]);
    expect(groups[1]?.rows.map((r) => `${r.method} ${r.path}`)).toEqual([
      "get /api/tenants/{id}",
      "get /api/tenants",
      "post /api/tenants",
    ]);
  });

  it("shows each operation's method, path, summary and who may call it", () => {
    const html = renderToStaticMarkup(<ApiOperations groups={groupOperations(doc)} />);
    expect(html).toContain("<h3");
    expect(html).toContain("The health check and this document.");
    expect(html).toContain('data-testid="operation-createTenant"');
    expect(html).toContain("<code>POST</code>");
    expect(html).toContain("/api/tenants/{id}");
    expect(html).toContain('data-testid="access-getTenant">operator, tenant (its own, as {id})<');
    expect(html).toContain('data-testid="access-getHealth">public<');
    expect(html).toContain('data-testid="access-odd">—<');
  });

  it("shows a loading line and the document's address before the answer", () => {
    const html = renderToStaticMarkup(<ApiDocsPage />);
    expect(html).toContain("Loading the API&#x27;s operations…");
    expect(html).toContain('href="/api/openapi.json"');
  });
});
