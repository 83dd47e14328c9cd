// Renders the message catalog as a markdown table into events/README.md, so the doc
// cannot drift from the schemas. `npx tsx scripts/catalog-doc.ts` writes it;
// `--check` exits 1 when the committed README is stale (CI runs this through a test).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";
import { z } from "zod";
import { catalog, messageTypes } from "../events/index";

/** The README the table lives in. */
export const README_PATH = fileURLToPath(new URL("../events/README.md", import.meta.url));
export const START_MARKER = "<!-- catalog:start -->";
export const END_MARKER = "<!-- catalog:end -->";

type JsonSchema = {
  type?: string;
  format?: string;
  enum?: readonly unknown[];
  items?: JsonSchema;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: readonly string[];
};

/** The catalog as a markdown table, one row per type, in catalog order. */
export function renderCatalogTable(): string {
  const rows = messageTypes.map((type) => {
    const entry = catalog[type];
    // Input side: a field with a default is optional for the producer who writes it.
    const schema = z.toJSONSchema(entry.payload, { io: "input" }) as JsonSchema;
    const flow = `${entry.producers.join(", ")} → ${entry.consumers.join(", ")}`;
    return [`\`${type}\``, entry.kind, renderFields(schema), flow, entry.description];
  });
  return alignTable(["type", "kind", "payload", "producers → consumers", "description"], rows);
}

// Pads columns the way Biome formats markdown tables, so `biome check` and the
// staleness check agree on one committed form.
function alignTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const width = (text: string) => [...text].length;
  const widths = header.map((cell, column) =>
    Math.max(3, width(cell), ...rows.map((row) => width(row[column] ?? ""))),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell + " ".repeat((widths[column] ?? 0) - width(cell))).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function renderFields(schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .map(([name, field]) => {
      const optional = required.has(name) ? "" : "?";
      const fallback = field.default === undefined ? "" : ` = ${JSON.stringify(field.default)}`;
      return `\`${name}${optional}: ${renderType(field)}${fallback}\``;
    })
    .join("<br>");
}

function renderType(field: JsonSchema): string {
  // Pipes are escaped because the type sits inside a markdown table cell.
  if (field.enum) return field.enum.map((v) => JSON.stringify(v)).join(" \\| ");
  if (field.type === "array" && field.items) {
    const item = renderType(field.items);
    return field.items.enum ? `(${item})[]` : `${item}[]`;
  }
  if (field.type === "string" && field.format === "uri") return "url";
  if (field.type === "string" && field.format === "date-time") return "datetime";
  if (field.type === "integer") return "int";
  return field.type ?? "unknown";
}

/** The README text with the table between the markers replaced; throws when a marker is missing. */
export function updateReadme(readme: string): string {
  const start = readme.indexOf(START_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (start === -1 || end === -1 || end < start) {
    throw new Error(`events/README.md needs ${START_MARKER} and ${END_MARKER}, in that order`);
  }
  const before = readme.slice(0, start + START_MARKER.length);
  const after = readme.slice(end);
  return `${before}\n\n${renderCatalogTable()}\n\n${after}`;
}

function main(args: readonly string[]): number {
  const current = readFileSync(README_PATH, "utf8");
  const next = updateReadme(current);
  if (args.includes("--check")) {
    if (current === next) return 0;
    console.error(
      "events/README.md is stale: the catalog table differs from events/catalog.ts.\n" +
        "Run `npx tsx scripts/catalog-doc.ts` and commit the result.",
    );
    return 1;
  }
  if (current !== next) writeFileSync(README_PATH, next);
  console.log(current === next ? "events/README.md is current" : "events/README.md updated");
  return 0;
}

// Runs only as a script, so the test can import the pure functions without side effects.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
