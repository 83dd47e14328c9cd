/**
 * The HTTP contract's response schemas (`events/http/`) held to what the routes really
 * answer, at compile time (`npm run typecheck`; nothing here runs). Each route's answer
 * type is Hono's own, inferred from the handler's `c.json(…)` (JSON-encoded: `unknown`
 * becomes `JSONValue`, `undefined` fields drop). For each pair, both ways:
 *
 * - **parses**: every answer the route can give is an input the schema accepts, so a
 *   field the route drops, renames or retypes fails here, not in a browser;
 * - **promises**: what the schema gives a client is what the route sends, typed as the
 *   route types it (up to literals: the contract reads `"published"` as a string, so a
 *   new status never breaks a client), and every field the route sends, optional ones
 *   too, is named in the schema.
 *
 * A route that changes its answer, or a schema that drifts from it, breaks the build here.
 */
import type { ExtractSchema } from "hono/types";
import type { JSONValue } from "hono/utils/types";
import type { z } from "zod";
import type { PricedOperation as ServerPricedOperation } from "../../agents/ops/price-table";
import type { RunActionResult as AgentRunActionResult } from "../../agents/tenant/run-actions";
import type { strategyPreviewSchema } from "../../events";
import type { FaultInput } from "../../events/faults";
import type {
  ActivityFeed,
  AlertDeliveryPage,
  AlertDeliveryRedriven,
  AlertEventPage,
  AlertRulePut,
  AlertsOverview,
  AlertWebhookCreated,
  AlertWebhookList,
  ApiDocument,
  AuditPage,
  BudgetStatus,
  BulkResult,
  ContentList,
  CycleAccepted,
  DeadLetterPage,
  EventLogPage,
  FaultResponses,
  Health,
  IngestAccepted,
  LetterRedriven,
  LookupResult,
  Metrics,
  OutageState,
  PricedOperation,
  RedrivePreview,
  RedriveResult,
  ReplayPreview,
  ReplaySent,
  Research,
  RouteTableWithHits,
  RunActionResult,
  RunList,
  RunPage,
  RunRestarted,
  RunRetried,
  ServiceOutbox,
  StrategyResponses,
  TenantExport,
  TenantList,
  TenantOutbox,
  TenantPaused,
  TenantResumed,
  TenantState,
  Trace,
} from "../../events/http";
import type { Strategy } from "../../events/strategy";
import type { TenantState as AgentTenantState } from "../../events/tenant-state";
import type { app } from "./app";
import type { OpenApiDocument } from "./openapi/document";

type Api = ExtractSchema<typeof app>;

/** What a route answers with JSON (every status it answers with, as a union). */
type Answer<P extends keyof Api, M extends keyof Api[P]> = Api[P][M] extends infer E
  ? E extends { output: infer O }
    ? O
    : never
  : never;

/** Deeply without `readonly` (a `const` table in an answer is still a plain array to JSON). */
type Writable<T> = [JSONValue] extends [T]
  ? T
  : T extends object
    ? { -readonly [K in keyof T]: Writable<T[K]> }
    : T;

/** Deeply with literals widened to their primitives; any-JSON (`JSONValue`) read as `unknown`. */
type Widen<T> = [JSONValue] extends [T]
  ? unknown
  : T extends string
    ? string
    : T extends number
      ? number
      : T extends boolean
        ? boolean
        : T extends readonly []
          ? unknown[] // an always-empty array, as `[]` types it: widened like a literal
          : T extends readonly unknown[]
            ? Widen<T[number]>[]
            : T extends object
              ? { -readonly [K in keyof T]: Widen<T[K]> }
              : T;

type Parses<S extends z.ZodType, A> = [Writable<A>] extends [z.input<S>]
  ? true
  : { error: "an answer of the route does not parse"; answer: A };

type Promises<S extends z.ZodType, A> = [z.output<S>] extends [Widen<A>]
  ? true
  : { error: "the schema's output is not what the route sends"; schema: z.output<S> };

/** Keys that are names, not index signatures (a loose object's output has `[k: string]: unknown`). */
type NamedKeys<T> = keyof {
  [K in keyof T as string extends K ? never : number extends K ? never : K]: 0;
};

/** The members of the schema's output `O` that describe the answer member `A`. */
type Describing<O, A> = O extends unknown ? ([O] extends [Widen<A>] ? O : never) : never;

/** Fields, optional ones too, that the answer `A` has and the output `O` does not name. */
type Unnamed<O, A> = [JSONValue] extends [A]
  ? never
  : A extends readonly unknown[]
    ? Unnamed<Extract<O, readonly unknown[]>[number], A[number]>
    : A extends object
      ? Describing<O, A> extends infer D
        ? D extends object
          ? {
              [K in keyof A]-?: string extends K
                ? Unnamed<D[string & keyof D], A[K]>
                : K extends NamedKeys<D>
                  ? Unnamed<D[K & keyof D], A[K]>
                  : K;
            }[keyof A]
          : never
        : never
      : never;

type Names<S extends z.ZodType, A> = [Unnamed<z.output<S>, A>] extends [never]
  ? true
  : { error: "the schema leaves out fields the route sends"; fields: Unnamed<z.output<S>, A> };

/** The schema and the route's answer agree, both ways, and the schema names every field. */
type Agrees<S extends z.ZodType, A> =
  Parses<S, A> extends true
    ? Promises<S, A> extends true
      ? Names<S, A>
      : Promises<S, A>
    : Parses<S, A>;

type Exactly<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2
    ? true
    : { error: "the types differ"; left: A; right: B };

type Holds<T extends true> = T;

/** The answers that carry the agent's `Strategy` or the services' `FaultInput`, completed. */
type WithStrategy<K extends keyof StrategyResponses<typeof Strategy>> = StrategyResponses<
  typeof Strategy
>[K];
type WithFault<K extends keyof FaultResponses<typeof FaultInput>> = FaultResponses<
  typeof FaultInput
>[K];
type StrategyPreview = ReturnType<typeof strategyPreviewSchema<typeof Strategy>>;

/**
 * A rule's `when` is a recursive `Predicate` (events/routes.ts), which JSON typing cuts
 * off part way; the contract passes it through as unknown.
 */
type RouteTableAnswer = Answer<"/api/routes", "$get">;
type RoutesAnswer = Omit<RouteTableAnswer, "rules"> & {
  rules: (Omit<RouteTableAnswer["rules"][number], "when"> & { when?: unknown })[];
};

/**
 * The run-action route also answers `notFound(c)` (a plain Response), so Hono cannot
 * type its JSON: it is held to the agent's result, less `ok`, as the route passes it on.
 */
type RunActionAnswer = Omit<Extract<AgentRunActionResult, { ok: true }>, "ok">;

/**
 * The OpenAPI document. Its top-level `security` (`Record<string, []>[]`) comes out of
 * JSON typing as `never[]`, which no schema output matches, so it is held to the
 * document's own type; the JSON Schemas under `components` are passed through as JSON
 * objects (the contract does not spell out JSON Schema).
 */
type DocumentAnswer = Omit<Answer<"/api/openapi.json", "$get">, "security" | "components"> & {
  security: OpenApiDocument["security"];
  components: Record<keyof OpenApiDocument["components"], Record<string, Record<string, unknown>>>;
};

export type ResponseContract = [
  Holds<Agrees<typeof Health, Answer<"/api/health", "$get">>>,
  Holds<Agrees<typeof TenantList, Answer<"/api/tenants", "$get">>>,
  Holds<Agrees<WithStrategy<"CreatedTenant">, Answer<"/api/tenants", "$post">>>,
  Holds<Agrees<WithStrategy<"TenantDetail">, Answer<"/api/tenants/:id", "$get">>>,
  Holds<Agrees<WithStrategy<"AgentInspection">, Answer<"/api/tenants/:id/inspect", "$get">>>,
  Holds<Agrees<typeof CycleAccepted, Answer<"/api/tenants/:id/cycle", "$post">>>,
  Holds<Agrees<typeof BudgetStatus, Answer<"/api/tenants/:id/budget", "$get">>>,
  Holds<Agrees<typeof RunRetried, Answer<"/api/tenants/:id/runs/:run/retry", "$post">>>,
  Holds<Agrees<typeof RunRestarted, Answer<"/api/tenants/:id/runs/:run/restart", "$post">>>,
  Holds<Agrees<typeof TenantPaused, Answer<"/api/tenants/:id/pause", "$post">>>,
  Holds<Agrees<typeof TenantPaused, Answer<"/api/tenants/:id/archive", "$post">>>,
  Holds<Agrees<typeof TenantResumed, Answer<"/api/tenants/:id/resume", "$post">>>,
  Holds<Agrees<typeof TenantExport, Answer<"/api/tenants/:id/export", "$get">>>,
  Holds<Agrees<typeof BudgetStatus, Answer<"/api/tenants/:id/budget", "$put">>>,
  Holds<Agrees<typeof BudgetStatus, Answer<"/api/tenants/:id/budget", "$delete">>>,
  Holds<Agrees<WithStrategy<"VersionedStrategy">, Answer<"/api/tenants/:id/strategy", "$get">>>,
  Holds<Agrees<WithStrategy<"VersionedStrategy">, Answer<"/api/tenants/:id/strategy", "$put">>>,
  Holds<
    Agrees<WithStrategy<"VersionedStrategy">, Answer<"/api/tenants/:id/strategy/rollback", "$post">>
  >,
  Holds<
    Agrees<WithStrategy<"StrategyHistory">, Answer<"/api/tenants/:id/strategy/versions", "$get">>
  >,
  Holds<Agrees<StrategyPreview, Answer<"/api/tenants/:id/strategy/preview", "$post">>>,
  Holds<Agrees<typeof RunList, Answer<"/api/tenants/:id/runs", "$get">>>,
  Holds<Agrees<typeof RunActionResult, RunActionAnswer>>,
  Holds<Agrees<typeof ContentList, Answer<"/api/tenants/:id/content", "$get">>>,
  Holds<Agrees<typeof Research, Answer<"/api/tenants/:id/research", "$get">>>,
  Holds<Agrees<typeof TenantOutbox, Answer<"/api/tenants/:id/outbox", "$get">>>,
  Holds<Agrees<typeof EventLogPage, Answer<"/api/events", "$get">>>,
  Holds<Agrees<typeof IngestAccepted, Answer<"/api/events", "$post">>>,
  Holds<Agrees<typeof DeadLetterPage, Answer<"/api/dlq", "$get">>>,
  // A redrive answers what it did, or with `preview: true` what it would do.
  Holds<
    Agrees<typeof RedriveResult, Exclude<Answer<"/api/dlq/redrive", "$post">, { preview: true }>>
  >,
  Holds<
    Agrees<typeof RedrivePreview, Extract<Answer<"/api/dlq/redrive", "$post">, { preview: true }>>
  >,
  // A replay answers what it sent, or with `preview: true` what it would do.
  Holds<Agrees<typeof ReplaySent, Extract<Answer<"/api/replay", "$post">, { preview: false }>>>,
  Holds<Agrees<typeof ReplayPreview, Extract<Answer<"/api/replay", "$post">, { preview: true }>>>,
  Holds<Agrees<typeof AuditPage, Answer<"/api/audit", "$get">>>,
  Holds<Agrees<typeof AlertsOverview, Answer<"/api/alerts", "$get">>>,
  Holds<Agrees<typeof AlertRulePut, Answer<"/api/alerts/rules/:id", "$put">>>,
  Holds<Agrees<typeof AlertWebhookList, Answer<"/api/alerts/webhooks", "$get">>>,
  Holds<Agrees<typeof AlertWebhookCreated, Answer<"/api/alerts/webhooks", "$post">>>,
  Holds<Agrees<typeof AlertDeliveryPage, Answer<"/api/alerts/deliveries", "$get">>>,
  Holds<Agrees<typeof AlertEventPage, Answer<"/api/alerts/events", "$get">>>,
  Holds<
    Agrees<typeof AlertDeliveryRedriven, Answer<"/api/alerts/deliveries/:id/redrive", "$post">>
  >,
  Holds<Agrees<typeof LetterRedriven, Answer<"/api/dlq/:id/redrive", "$post">>>,
  Holds<Agrees<typeof RouteTableWithHits, RoutesAnswer>>,
  Holds<Agrees<typeof Metrics, Answer<"/api/metrics", "$get">>>,
  Holds<Agrees<typeof Trace, Answer<"/api/trace/:correlation_id", "$get">>>,
  Holds<Agrees<typeof RunPage, Answer<"/api/runs", "$get">>>,
  Holds<Agrees<typeof BulkResult, Answer<"/api/runs/bulk", "$post">>>,
  Holds<Agrees<typeof LookupResult, Answer<"/api/lookup/:id", "$get">>>,
  Holds<Agrees<typeof ActivityFeed, Answer<"/api/feed", "$get">>>,
  Holds<Agrees<typeof OutageState, Answer<"/api/ops-agent/outage", "$get">>>,
  Holds<Agrees<typeof OutageState, Answer<"/api/ops-agent/outage", "$put">>>,
  Holds<Agrees<WithFault<"ServiceList">, Answer<"/api/services", "$get">>>,
  Holds<Agrees<WithFault<"ServiceFault">, Answer<"/api/services/:service/faults", "$get">>>,
  Holds<Agrees<WithFault<"FaultState">, Answer<"/api/services/:service/faults", "$put">>>,
  Holds<Agrees<typeof ServiceOutbox, Answer<"/api/services/:service/outbox", "$get">>>,
  Holds<Agrees<typeof ApiDocument, DocumentAnswer>>,
  // The agent pushes the same state over its WebSocket that the tenant detail answers.
  Holds<Agrees<typeof TenantState, AgentTenantState>>,
  Holds<Exactly<PricedOperation, ServerPricedOperation>>,
];
