import { HTTP_METHODS, type HttpMethod, type OpenApiDocumentView } from "../api/docs";

export type OperationRow = {
  id: string;
  method: HttpMethod;
  path: string;
  summary: string;
  access: string[];
};

export type OperationGroup = { tag: string; description: string | undefined; rows: OperationRow[] };

/**
 * The document's operations grouped by their first tag: the tags in the document's own
 * order, then any it does not declare, then "Other" for untagged ones. Within a group,
 * in the order the document lists them.
 */
export function groupOperations(doc: OpenApiDocumentView): OperationGroup[] {
  const groups = new Map<string, OperationGroup>();
  for (const tag of doc.tags)
    groups.set(tag.name, { tag: tag.name, description: tag.description, rows: [] });
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = op.tags[0] ?? "Other";
      const group = groups.get(tag) ?? { tag, description: undefined, rows: [] };
      groups.set(tag, group);
      group.rows.push({
        id: op.operationId,
        method,
        path,
        summary: op.summary,
        access: op["x-access"],
      });
    }
  }
  return [...groups.values()].filter((group) => group.rows.length > 0);
}
