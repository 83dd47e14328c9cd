import type { CommandType } from "./catalog";

/**
 * What the fan-out knows about a tenant when it routes: the settings a predicate can
 * test. `social_enabled` is a strategy field; every field has a default so a tenant
 * without settings is routed like any other.
 */
export type TenantSettings = { social_enabled: boolean };

/** The settings of a tenant that never changed them. */
export const DEFAULT_TENANT_SETTINGS: TenantSettings = { social_enabled: true };

/** A JSON scalar a predicate compares against. */
export type Scalar = string | number | boolean | null;

/** Envelope fields a predicate may read (the payload has its own subject). */
export type EnvelopeField = "type" | "source" | "tenant_id" | "correlation_id" | "causation_id";

/** What a comparison reads: a tenant setting, a dotted path in the payload, or an envelope field. */
export type PredicateSubject =
  | { tenant_setting: keyof TenantSettings }
  | { payload: string }
  | { envelope: EnvelopeField };

/** How a comparison tests what it read. A missing value equals nothing and is in nothing. */
export type PredicateTest = { equals: Scalar } | { in: readonly Scalar[] } | { exists: boolean };

/**
 * A condition on a message and its tenant, as data: comparisons combined with
 * `all`, `any` and `not`. Examples:
 * `{ tenant_setting: "social_enabled", equals: true }`,
 * `{ payload: "priority", in: ["high"] }`,
 * `{ all: [{ envelope: "source", equals: "publisher" }, { payload: "urls.0", exists: true }] }`.
 */
export type Predicate =
  | (PredicateSubject & PredicateTest)
  | { all: readonly Predicate[] }
  | { any: readonly Predicate[] }
  | { not: Predicate };

/**
 * Where the fan-out router delivers a message: the tenant's agent, a queue, or the
 * OpsAgent's live feed. A queue destination may turn the message into a command first
 * (`as` a catalog command, its payload built by `map`: each field names a dotted path in
 * the source envelope, e.g. `"payload.urls.0"`); the command inherits the correlation
 * and names the source as its cause.
 */
export type Destination =
  | { kind: "tenant-agent" }
  | { kind: "queue"; queue: string; as?: CommandType; map?: Readonly<Record<string, string>> }
  | { kind: "ops-feed" };

/** One line of the route table: messages whose type matches (and `when` holds) go to `to`. */
export type RouteRule = {
  /** Stable id; hit counts are kept per id. */
  id: string;
  /** An exact type (`"content.published"`), a prefix (`"content.*"`) or everything (`"*"`). */
  match: string;
  /** A condition on the message and its tenant that must also hold; absent means always. */
  when?: Predicate;
  to: readonly Destination[];
  description?: string;
};

/** The route table: its rules, and a version bumped with every change to them. */
export type RouteTable = { version: number; rules: readonly RouteRule[] };

/**
 * Whether a route pattern matches a type: `"*"` matches all, `"content.*"` matches
 * `content.` followed by anything (not `content` itself), anything else must be equal.
 */
export function matchesType(pattern: string, type: string): boolean {
  if (pattern === "*") return true;
  if (pattern.endsWith(".*")) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}
