import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

// The API's response bodies are described once, in the contract (events/http/), and held
// to the routes there. The dashboard parses with those schemas; it never copies one.

/** Schemas of the dashboard's own form state, were one ever needed (`path: why`). */
const FORM_STATE_SCHEMAS = new Map<string, string>([]);

/** A zod schema of an object, a list or a map being built. */
const SCHEMA_BUILDER =
  /\bz\s*\.\s*(object|looseObject|strictObject|interface|discriminatedUnion|union|array|record|tuple|map)\s*\(/;

const root = new URL("..", import.meta.url).pathname;
const src = join(root, "dashboard", "src");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) && !/\.unit\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("the dashboard's response schemas", () => {
  it("are the contract's: no file of the dashboard builds a zod object, list or map", () => {
    const building = sources(src)
      .map((file) => relative(root, file))
      .filter((file) => !FORM_STATE_SCHEMAS.has(file))
      .flatMap((file) =>
        readFileSync(join(root, file), "utf8")
          .split("\n")
          .flatMap((line, index) => (SCHEMA_BUILDER.test(line) ? [`${file}:${index + 1}`] : [])),
      );
    expect(building).toEqual([]);
  });

  it("leave nothing to build in src/api: zod is imported there for its types only", () => {
    const valueImports = sources(join(src, "api")).filter((file) =>
      /^import\s+(?!type\b)[^;]*from\s+"zod";/m.test(readFileSync(file, "utf8")),
    );
    expect(valueImports.map((file) => relative(root, file))).toEqual([]);
  });
});
