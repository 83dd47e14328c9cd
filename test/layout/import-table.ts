import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, sep } from "node:path";
import ts from "typescript";

/** The units of DESIGN §2 and what each may import at run time. */
export const UNITS = [
  "events",
  "platform",
  "agents",
  "workflows",
  "services",
  "worker",
  "dashboard",
] as const;
export type Unit = (typeof UNITS)[number];

export const MAY_IMPORT: Record<Unit, readonly Unit[]> = {
  events: [],
  platform: ["events"],
  agents: ["events", "platform"],
  workflows: ["events", "platform"],
  services: ["events", "platform"],
  worker: ["events", "platform", "agents", "workflows", "services"],
  dashboard: ["events"],
};

/**
 * Type-only imports across units, each with its reason; erased at build time, so they
 * couple no code, but each is listed so a new one is a decision.
 */
export const TYPE_ONLY_ALLOWED: readonly { from: Unit; to: Unit; why: string }[] = [
  {
    from: "workflows",
    to: "agents",
    why: "an AgentWorkflow is typed by the agent that starts it (its RPC surface)",
  },
  {
    from: "agents",
    to: "workflows",
    why: "the agent names the parameters of the workflow it starts",
  },
  { from: "dashboard", to: "worker", why: "the typed client is derived from the app's type" },
];

export type ImportEdge = {
  file: string;
  specifier: string;
  /** `import type`, or every named binding type-only: erased at build time. */
  typeOnly: boolean;
  kind: "import" | "export-from" | "dynamic";
};

/** `{ type A, type B }`: every named binding type-only (an empty list is not). */
function allTypeOnly(elements: ts.NodeArray<ts.ImportSpecifier | ts.ExportSpecifier>): boolean {
  return elements.length > 0 && elements.every((e) => e.isTypeOnly);
}

/** Every import of one source text: static, `export … from`, dynamic `import()`. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const edges: ImportEdge[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const allNamedTypes =
        clause?.name === undefined &&
        named !== undefined &&
        ts.isNamedImports(named) &&
        allTypeOnly(named.elements);
      edges.push({
        file,
        specifier: node.moduleSpecifier.text,
        typeOnly: clause?.isTypeOnly === true || allNamedTypes,
        kind: "import",
      });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause;
      const allNamedTypes =
        named !== undefined && ts.isNamedExports(named) && allTypeOnly(named.elements);
      edges.push({
        file,
        specifier: node.moduleSpecifier.text,
        typeOnly: node.isTypeOnly || allNamedTypes,
        kind: "export-from",
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      edges.push({ file, specifier: node.arguments[0].text, typeOnly: false, kind: "dynamic" });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return edges;
}

/** The unit a repository path belongs to, or null outside the table (tests, scripts…). */
export function unitOf(path: string): Unit | null {
  const top = path.split(/[\\/]/)[0];
  return (UNITS as readonly string[]).includes(top ?? "") ? (top as Unit) : null;
}

export type Violation = ImportEdge & { from: Unit; to: Unit };

/** The edges that break the table: a unit importing one it may not (at run time, or by type without a listed reason). */
export function violations(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const edge of edges) {
    if (!edge.specifier.startsWith(".")) continue;
    const from = unitOf(edge.file);
    const to = unitOf(normalize(join(dirname(edge.file), edge.specifier)));
    if (from === null || to === null || from === to) continue;
    if (MAY_IMPORT[from].includes(to)) continue;
    if (edge.typeOnly && TYPE_ONLY_ALLOWED.some((a) => a.from === from && a.to === to)) continue;
    out.push({ ...edge, from, to });
  }
  return out;
}

/**
 * The shipped source files of the units. Tests are left out: an integration test may
 * drive a unit through the Worker that wires it.
 */
export function unitSources(root: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(ts|tsx|mts)$/.test(entry.name) && !/\.(d|test)\.tsx?$/.test(entry.name))
        files.push(path.split(sep).join("/"));
    }
  };
  for (const unit of UNITS) walk(unit);
  return files;
}

/** Every import edge of the repository's units. */
export function repositoryEdges(root: string): ImportEdge[] {
  return unitSources(root).flatMap((file) =>
    importsOf(file, readFileSync(join(root, file), "utf8")),
  );
}

export function describeViolation(v: Violation): string {
  const how =
    v.kind === "dynamic" ? "import()" : v.kind === "export-from" ? "export … from" : "import";
  return `${v.file}: ${v.from}/ may not ${how}${v.typeOnly ? " (type)" : ""} ${v.specifier} (${v.to}/)`;
}
