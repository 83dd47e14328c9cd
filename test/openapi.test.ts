import { describe, expect, it } from "vitest";
import readme from "../README.md?raw";
import { app } from "../worker/http/app";
import type { OpenApiDocument, OperationObject } from "../worker/http/openapi/document";
import { siteApp } from "../worker/http/site";
import { api } from "./support/api";

/** `/api/tenants/:id` as OpenAPI writes it: `/api/tenants/{id}`. */
const toOpenApiPath = (path: string) => path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, "{$1}");

/** What Hono serves: every registered route but the middleware (method ALL). */
function servedRoutes(): { method: string; path: string }[] {
  const routes = [...app.routes, ...siteApp.routes]
    .filter((route) => route.method !== "ALL")
    .map((route) => ({ method: route.method.toLowerCase(), path: toOpenApiPath(route.path) }));
  return [...new Map(routes.map((r) => [`${r.method} ${r.path}`, r])).values()];
}

/** `approve` in `/runs/{run}/approve` when `{action}` is a path parameter whose enum has it. */
function enumAllows(op: OperationObject, segment: string, value: string): boolean {
  const name = /^\{(.+)\}$/.exec(segment)?.[1];
  if (!name) return false;
  const parameter = op.parameters?.find((p) => p.in === "path" && p.name === name);
  const values = (parameter?.schema as { enum?: unknown[] } | undefined)?.enum;
  return values?.includes(value) ?? false;
}

/** Whether the document has this operation, literally or through an enum path parameter. */
function documents(doc: OpenApiDocument, method: string, path: string): boolean {
  const have = path.split("/");
  return Object.entries(doc.paths).some(([template, item]) => {
    const op = item[method as keyof typeof item];
    const want = template.split("/");
    if (!op || want.length !== have.length) return false;
    return want.every(
      (segment, i) => segment === have[i] || enumAllows(op, segment, have[i] ?? ""),
    );
  });
}

/**
 * The routes README's API table lists: each `METHOD /path` of a row's first cell
 * (`GET,PUT,DELETE /p`, several joined by ` · `, a path alone taking the previous
 * methods), its query left out, `{a,b}` expanded and `:param` written `{param}`.
 */
function readmeRoutes(text: string): { method: string; path: string }[] {
  const lines = text.split("\n");
  const start = lines.findIndex((line) => /^\|\s*method and path\s*\|/.test(line));
  const rows: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith("|")) break;
    rows.push(line);
  }
  const routes: { method: string; path: string }[] = [];
  for (const row of rows) {
    const cell = row.split(/(?<!\\)\|/)[1] ?? "";
    let methods: string[] = [];
    for (const [, span = ""] of cell.matchAll(/`([^`]+)`/g)) {
      const found = /^(?:([A-Z,]+)\s+)?(\/\S*)$/.exec(span.trim());
      if (!found) throw new Error(`README row not understood: ${span}`);
      if (found[1]) methods = found[1].split(",");
      const path = (found[2] ?? "").split("?")[0] ?? "";
      const choice = /\{([^}]*,[^}]*)\}/.exec(path);
      const paths = choice
        ? (choice[1] ?? "").split(",").map((alt) => path.replace(choice[0], alt))
        : [path];
      for (const method of methods) {
        for (const p of paths)
          routes.push({ method: method.toLowerCase(), path: toOpenApiPath(p) });
      }
    }
  }
  return routes;
}

async function fetchDocument(): Promise<OpenApiDocument> {
  const response = await api("/api/openapi.json", {}, "none");
  return (await response.json()) as OpenApiDocument;
}

describe("GET /api/openapi.json", () => {
  it("answers the document without a token, as JSON", async () => {
    const response = await api("/api/openapi.json", {}, "none");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json\b/);
    const doc = (await response.json()) as OpenApiDocument;
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toBe("0.1.0");
  });

  it("documents every route Hono serves, with its method", async () => {
    const doc = await fetchDocument();
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(30);
    const missing = served
      .filter((r) => !doc.paths[r.path]?.[r.method as keyof OpenApiDocument["paths"][string]])
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("documents nothing Hono does not serve", async () => {
    const doc = await fetchDocument();
    const served = new Set(servedRoutes().map((r) => `${r.method} ${r.path}`));
    const extra = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((method) => !served.has(`${method} ${path}`))
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(extra).toEqual([]);
  });

  it("documents every route of the README's API table", async () => {
    const doc = await fetchDocument();
    const listed = readmeRoutes(readme);
    expect(listed).toContainEqual({ method: "post", path: "/api/tenants/{id}/runs/{run}/cancel" });
    expect(listed).toContainEqual({ method: "get", path: "/services/social/{tenant}/posts" });
    const missing = listed
      .filter((r) => !documents(doc, r.method, r.path))
      .map((r) => `${r.method.toUpperCase()} ${r.path}`);
    expect(missing).toEqual([]);
  });

  it("lets anyone call the public routes and says the rest need a token", async () => {
    const doc = await fetchDocument();
    expect(doc.paths["/api/health"]?.get?.["x-access"]).toEqual(["public"]);
    expect(doc.paths["/api/openapi.json"]?.get?.security).toEqual([]);
    const outbox = doc.paths["/api/tenants/{id}/outbox"]?.get;
    expect(outbox?.["x-access"]).toEqual(["operator"]);
    expect(outbox?.responses["401"]).toEqual({ $ref: "#/components/responses/Unauthorized" });
    expect(doc.paths["/api/tenants/{id}/runs"]?.get?.["x-access"]).toEqual([
      "operator",
      "tenant (its own, as {id})",
    ]);
  });
});
