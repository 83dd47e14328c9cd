/** Where the fan-out router delivers a message. */
export type Destination =
  | { kind: "tenant-agent" }
  | { kind: "queue"; queue: string }
  | { kind: "ops-feed" };

/** One line of the route table: messages whose type matches go to these destinations. */
export type RouteRule = {
  /** Stable id; hit counts are kept per id. */
  id: string;
  /** An exact type (`"content.published"`), a prefix (`"content.*"`) or everything (`"*"`). */
  match: string;
  /** Name of a predicate on tenant or payload that must also hold; absent means always. */
  when?: string;
  to: Destination[];
  description?: string;
};

/**
 * Whether a route pattern matches a type: `"*"` matches all, `"content.*"` matches
 * `content.` followed by anything (not `content` itself), anything else must be equal.
 */
export function matchesType(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
