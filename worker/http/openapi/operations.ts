/**
 * Every operation of the HTTP API, as data: the document (`document.ts`) is built from
 * this table, and `test/openapi.test.ts` fails when a route Hono serves, or a route the
 * README lists, has no row here. Request schemas are the ones the routes validate with
 * (imported, never copied); who may call each operation comes from the policy table
 * (`access.ts`), so it is not a column here. One table on purpose, longer than most
 * files here: reading down it is reading the whole API.
 */
import { z } from "zod";
import { AlertRuleInput } from "../../../agents/ops/alerts/kinds";
import {
  BudgetInput,
  BudgetStatus,
  PreviewQuery,
  ReplayPreview,
  ReplaySent,
  RunRestarted,
  RunRetried,
  strategyPreviewSchema,
  TenantId,
} from "../../../events";
import { FaultInput } from "../../../events/faults";
import {
  AlertDeliveryPage,
  AlertDeliveryRedriven,
  AlertEventPage,
  AlertRulePut,
  AlertsOverview,
  AlertWebhookCreated,
  AlertWebhookList,
  BulkResult,
  LookupResult,
  RunPage,
  TenantExport,
  TenantPaused,
  TenantResumed,
} from "../../../events/http";
import { Strategy } from "../../../events/strategy";
import { SERVICE_NAMES } from "../../../services/shared/names";
import { TEXT_FORMAT_CONTENT_TYPE } from "../../metrics/text-format";
import { AlertEventsQuery, DeliveriesQuery, RuleId, WebhookInput } from "../routes/alerts";
import { AuditQuery } from "../routes/audit";
import { ListQuery, RedriveBody } from "../routes/dlq";
import { EventLogQuery } from "../routes/events";
import { FeedQuery } from "../routes/feed";
import { LookupId, LookupQuery } from "../routes/lookup";
import { MetricsQuery } from "../routes/metrics";
import { OutageInput } from "../routes/ops-outage";
import { ReplayBody } from "../routes/replay";
import { BulkBody, RunSearchQuery } from "../routes/runs";
import { OutboxQuery } from "../routes/service-outbox";
import { PostsQuery } from "../routes/service-reads";
import { VersionsQuery } from "../routes/strategy";
import { ContentQuery, LimitQuery } from "../routes/tenant-reads";
import { ActionBody, RestartBody, RunAction, RunId, RunsQuery } from "../routes/tenant-runs";
import { NewTenant, TenantsQuery } from "../routes/tenants";
import { CorrelationId, TraceQuery } from "../routes/trace";
import {
  Accepted,
  CycleAccepted,
  FaultStateSchema,
  Health,
  IngestBody,
  OutageStateSchema,
  RedriveOne,
  RedriveResultSchema,
  RollbackBody,
  RunActionResult,
  StrategyVersions,
  VersionedStrategySchema,
} from "./schemas";

/** The groups the document and the dashboard's docs page list operations under. */
export const TAGS = [
  { name: "Meta", description: "The health check and this document." },
  { name: "Events", description: "Ingest and each tenant's event log." },
  { name: "Tenants", description: "Tenants, their agents' state and their strategies." },
  { name: "Runs", description: "Cycles, content runs and their approvals." },
  { name: "Trace", description: "A chain of messages, decisions and runs." },
  { name: "Dead letters", description: "The dead-letter store: list, redrive, delete." },
  { name: "Audit", description: "Who did what, when, to what, with what outcome." },
  { name: "Alerts", description: "Alert rules, their webhooks and deliveries." },
  { name: "Operations", description: "Route table, metrics, activity feed, outage drill." },
  { name: "Services", description: "The reference services: faults, outboxes, reads." },
  { name: "Sites", description: "Published articles as public HTML pages." },
] as const;

export type Tag = (typeof TAGS)[number]["name"];

export type Method = "get" | "post" | "put" | "delete";

export type Operation = {
  /** The OpenAPI operationId: unique, camelCase. */
  id: string;
  method: Method;
  /** The OpenAPI path: `{name}` for a path parameter, as Hono's `:name`. */
  path: string;
  tag: Tag;
  summary: string;
  /** Path parameters' schemas; a parameter not named here is any string. */
  params?: Record<string, z.ZodType>;
  /** The query schema the route parses (`parseQuery`); each property becomes a parameter. */
  query?: z.ZodType;
  /** The JSON body schema the route parses; `optional` when no body at all is fine. */
  body?: { schema: z.ZodType; optional?: true };
  /** The main answer: its status, what it holds, and its schema where one exists. */
  ok: {
    status: number;
    description: string;
    schema?: z.ZodType;
    html?: true;
    /** The media type of an answer in plain text (the Prometheus scrape), when not JSON. */
    text?: string;
  };
  /**
   * Other answers by status: problem+json, or an HTML page where `html` says so.
   * 401, 403 and 503 go without saying for every route behind a token, and 400, 413
   * and 415 for every route that reads a body (`document.ts` adds them).
   */
  errors?: Record<number, string | { description: string; html: true }>;
};

const tenantId = { id: TenantId };
const service = { service: z.enum(SERVICE_NAMES) };
const NO_TENANT = "No such tenant.";
const RATE = "Past the tenant's action rate; see Retry-After.";
const READER_RATE = "Past the reader's rate; see Retry-After.";

export const OPERATIONS: readonly Operation[] = [
  {
    id: "getHealth",
    method: "get",
    path: "/api/health",
    tag: "Meta",
    summary: "Health check",
    ok: { status: 200, description: "The platform answers, with its version.", schema: Health },
  },
  {
    id: "getOpenApi",
    method: "get",
    path: "/api/openapi.json",
    tag: "Meta",
    summary: "This OpenAPI 3.1 document",
    ok: { status: 200, description: "The API's contract, generated from its zod schemas." },
  },
  {
    id: "ingestEvents",
    method: "post",
    path: "/api/events",
    tag: "Events",
    summary: "Ingest one envelope or an array (all enqueued, or none)",
    body: { schema: IngestBody },
    ok: {
      status: 202,
      description:
        "Every message was enqueued. A W3C `traceparent` header makes them children of the caller's span (a message's own `traceparent` wins); without one a trace is minted. The answer names it (`trace_id`) and each message's (`trace_ids`).",
      schema: Accepted,
    },
    errors: {
      400: "Some messages are not valid (one error per item), or the `traceparent` header is malformed; none were accepted.",
      403: "The token may not send these types or for these tenants.",
      413: "Over 100 messages, 1 MB, or 128 KB for one message.",
      422: "An unknown tenant, or a time more than 5 minutes ahead.",
      429: "Past the token's or the tenant's rate; see Retry-After.",
    },
  },
  {
    id: "listEvents",
    method: "get",
    path: "/api/events",
    tag: "Events",
    summary: "A tenant's event log, newest first",
    query: EventLogQuery,
    ok: {
      status: 200,
      description:
        "`{ events, next_before }`: `next_before` is the next (older) page's `before`, null on the last.",
    },
    errors: { 400: "A query parameter is not valid." },
  },
  {
    id: "listTenants",
    method: "get",
    path: "/api/tenants",
    tag: "Tenants",
    summary: "The tenants by id, a page at a time, with their agents' last counters and spend",
    query: TenantsQuery,
    ok: {
      status: 200,
      description:
        "`{ tenants: [{ id, name, created_at, status, summary, spend }], next_cursor }`.",
    },
    errors: { 400: "A query parameter or the cursor is not valid." },
  },
  {
    id: "createTenant",
    method: "post",
    path: "/api/tenants",
    tag: "Tenants",
    summary: "Create a tenant; its agent takes the strategy and cycle schedule at once",
    body: { schema: NewTenant },
    ok: { status: 201, description: "`{ tenant, strategy }`, with a Location header." },
    errors: {
      409: "A tenant with this id exists.",
      422: "Field errors.",
    },
  },
  {
    id: "getTenant",
    method: "get",
    path: "/api/tenants/{id}",
    tag: "Tenants",
    summary: "A tenant, its agent's state, its strategy and its cost",
    params: tenantId,
    ok: { status: 200, description: "`{ tenant, state, strategy, cost }`." },
    errors: { 404: NO_TENANT },
  },
  {
    id: "getStrategy",
    method: "get",
    path: "/api/tenants/{id}/strategy",
    tag: "Tenants",
    summary: "The tenant's strategy and its version",
    params: tenantId,
    ok: { status: 200, description: "The current strategy.", schema: VersionedStrategySchema },
    errors: { 404: NO_TENANT },
  },
  {
    id: "putStrategy",
    method: "put",
    path: "/api/tenants/{id}/strategy",
    tag: "Tenants",
    summary: "Replace the strategy (left-out fields take their defaults)",
    params: tenantId,
    body: { schema: Strategy },
    ok: {
      status: 200,
      description: "The new version (the same strategy again makes none).",
      schema: VersionedStrategySchema,
    },
    errors: { 404: NO_TENANT, 422: "Field errors.", 429: RATE },
  },
  {
    id: "getBudget",
    method: "get",
    path: "/api/tenants/{id}/budget",
    tag: "Tenants",
    summary: "This month's spend, its forecast and the tenant's budget",
    params: tenantId,
    ok: { status: 200, description: "The spend against the budget.", schema: BudgetStatus },
    errors: { 404: NO_TENANT },
  },
  {
    id: "putBudget",
    method: "put",
    path: "/api/tenants/{id}/budget",
    tag: "Tenants",
    summary: "Set the monthly budget (and whether new runs are held once it is spent)",
    params: tenantId,
    body: { schema: BudgetInput },
    ok: { status: 200, description: "The spend against the new budget.", schema: BudgetStatus },
    errors: { 404: NO_TENANT, 422: "Field errors.", 429: RATE },
  },
  {
    id: "deleteBudget",
    method: "delete",
    path: "/api/tenants/{id}/budget",
    tag: "Tenants",
    summary: "Remove the budget (held runs start)",
    params: tenantId,
    ok: { status: 200, description: "The spend, with no budget.", schema: BudgetStatus },
    errors: { 404: NO_TENANT, 429: RATE },
  },
  {
    id: "listStrategyVersions",
    method: "get",
    path: "/api/tenants/{id}/strategy/versions",
    tag: "Tenants",
    summary: "The strategy's history, newest first, a page at a time",
    params: tenantId,
    query: VersionsQuery,
    ok: {
      status: 200,
      description: "`{ versions, next_before }`: each version with its author and note.",
      schema: StrategyVersions,
    },
    errors: { 400: "A query parameter is not valid.", 404: NO_TENANT },
  },
  {
    id: "previewStrategy",
    method: "post",
    path: "/api/tenants/{id}/strategy/preview",
    tag: "Tenants",
    summary:
      "What a draft strategy would keep and drop, now and over past research (changes nothing)",
    params: tenantId,
    query: PreviewQuery,
    body: { schema: Strategy },
    ok: { status: 200, description: "The preview.", schema: strategyPreviewSchema(Strategy) },
    errors: {
      400: "A query parameter is not valid.",
      404: NO_TENANT,
      422: "Field errors.",
      429: RATE,
    },
  },
  {
    id: "rollbackStrategy",
    method: "post",
    path: "/api/tenants/{id}/strategy/rollback",
    tag: "Tenants",
    summary: "Make a new version equal to an old one",
    params: tenantId,
    body: { schema: RollbackBody },
    ok: { status: 200, description: "The new version.", schema: VersionedStrategySchema },
    errors: {
      404: "No such tenant, or no such version.",
      422: "Field errors, or that version is no longer valid.",
      429: RATE,
    },
  },
  {
    id: "getTenantOutbox",
    method: "get",
    path: "/api/tenants/{id}/outbox",
    tag: "Tenants",
    summary: "What the agent has not sent or started yet",
    params: tenantId,
    ok: {
      status: 200,
      description: "`{ pending, oldest_pending_at, last_error, runs_to_start }`.",
    },
    errors: { 404: NO_TENANT },
  },
  {
    id: "pauseTenant",
    method: "post",
    path: "/api/tenants/{id}/pause",
    tag: "Tenants",
    summary: "Pause a tenant: hold its schedules, deliveries and new runs (nothing is lost)",
    params: tenantId,
    body: { schema: ActionBody, optional: true },
    ok: {
      status: 200,
      description:
        "`{ tenant_id, status, since, by, reason, held }`; pausing a paused tenant answers the same pause.",
      schema: TenantPaused,
    },
    errors: {
      404: NO_TENANT,
      409: "The tenant is archived: resume it first.",
      422: "Field errors.",
    },
  },
  {
    id: "resumeTenant",
    method: "post",
    path: "/api/tenants/{id}/resume",
    tag: "Tenants",
    summary: "Resume a paused or archived tenant: held deliveries are applied in their order",
    params: tenantId,
    ok: {
      status: 200,
      description:
        '`{ tenant_id, status: "active", released, remaining }`: `remaining` are released by a schedule.',
      schema: TenantResumed,
    },
    errors: { 404: NO_TENANT, 409: "The tenant is active: nothing to resume." },
  },
  {
    id: "archiveTenant",
    method: "post",
    path: "/api/tenants/{id}/archive",
    tag: "Tenants",
    summary: "Archive a tenant: its agent stops (schedules cancelled, deliveries held), data kept",
    params: tenantId,
    body: { schema: ActionBody, optional: true },
    ok: {
      status: 200,
      description: '`{ tenant_id, status: "archived", since, by, reason, held }`.',
      schema: TenantPaused,
    },
    errors: { 404: NO_TENANT, 422: "Field errors." },
  },
  {
    id: "exportTenant",
    method: "get",
    path: "/api/tenants/{id}/export",
    tag: "Tenants",
    summary: "Every table of the tenant's agent that holds its data, as a JSON attachment",
    params: tenantId,
    ok: {
      status: 200,
      description: "`{ tenant, exported_at, tables: { <name>: { rows, total, truncated } } }`.",
      schema: TenantExport,
    },
    errors: { 404: NO_TENANT },
  },
  {
    id: "inspectTenantAgent",
    method: "get",
    path: "/api/tenants/{id}/inspect",
    tag: "Tenants",
    summary: "The agent inspector: state, inbox, outbox, schedules, runs, strategy and cost",
    params: tenantId,
    ok: {
      status: 200,
      description: "`{ tenant, state, strategy, inbox, outbox, schedules, runs, cost }`.",
    },
    errors: { 404: NO_TENANT },
  },
  {
    id: "listContent",
    method: "get",
    path: "/api/tenants/{id}/content",
    tag: "Tenants",
    summary: "The tenant's articles, newest first",
    params: tenantId,
    query: ContentQuery,
    ok: {
      status: 200,
      description:
        "`{ content: [...], next_cursor }`: status, title, words, URLs, run; a page at a time.",
    },
    errors: { 400: "A query parameter is not valid.", 404: NO_TENANT },
  },
  {
    id: "listResearch",
    method: "get",
    path: "/api/tenants/{id}/research",
    tag: "Tenants",
    summary: "The newest research per keyword, and which keywords are taken",
    params: tenantId,
    query: LimitQuery,
    ok: { status: 200, description: "The newest research per keyword the agent holds." },
    errors: { 400: "A query parameter is not valid.", 404: NO_TENANT },
  },
  {
    id: "runCycle",
    method: "post",
    path: "/api/tenants/{id}/cycle",
    tag: "Runs",
    summary: "Run a cycle now",
    params: tenantId,
    ok: {
      status: 202,
      description: "The cycle was requested; `correlation_id` is the chain to trace.",
      schema: CycleAccepted,
    },
    errors: { 404: NO_TENANT, 429: RATE },
  },
  {
    id: "listRuns",
    method: "get",
    path: "/api/tenants/{id}/runs",
    tag: "Runs",
    summary: "Content runs, newest first, with progress and steps",
    params: tenantId,
    query: RunsQuery,
    ok: {
      status: 200,
      description: "`{ runs: [...], next_cursor }`: `next_cursor` is the next page's `cursor`.",
    },
    errors: { 400: "A query parameter or the cursor is not valid.", 404: NO_TENANT },
  },
  {
    id: "searchRuns",
    method: "get",
    path: "/api/runs",
    tag: "Runs",
    summary: "Runs across tenants, newest first, with search, a page at a time",
    query: RunSearchQuery,
    ok: {
      status: 200,
      description:
        "`{ runs: [...each with tenant_id], next_cursor }`; each tenant's agent is asked once per page.",
      schema: RunPage,
    },
    errors: { 400: "A query parameter, the tenant or the cursor is not valid." },
  },
  {
    id: "actOnRunsInBulk",
    method: "post",
    path: "/api/runs/bulk",
    tag: "Runs",
    summary: "Approve, reject, cancel or retry every run a search finds (or preview it)",
    body: { schema: BulkBody },
    ok: {
      status: 200,
      description:
        "Per run `{ tenant_id, run_id, status_before, outcome, status_after?, detail }`, totals, `truncated` and `next_cursor`; with `preview: true` nothing changes.",
      schema: BulkResult,
    },
    errors: { 400: "The filter names no tenant.", 422: "Field errors." },
  },
  {
    id: "lookupId",
    method: "get",
    path: "/api/lookup/{id}",
    tag: "Trace",
    summary: "Any event, correlation, run, content or letter id, or page URL: its tenant and chain",
    params: { id: LookupId },
    query: LookupQuery,
    ok: {
      status: 200,
      description: "`{ id, kind, tenant_id, correlation_id, trace_url }`.",
      schema: LookupResult,
    },
    errors: { 400: "A query parameter is not valid.", 404: "No kind of id matched." },
  },
  {
    id: "retryRun",
    method: "post",
    path: "/api/tenants/{id}/runs/{run}/retry",
    tag: "Runs",
    summary: "Retry a failed, cancelled or rejected run as a new run with the same input",
    params: { ...tenantId, run: RunId },
    ok: {
      status: 202,
      description: "`{ run_id, retry_of, status }`: the new run, started.",
      schema: RunRetried,
    },
    errors: {
      404: "No such tenant or run.",
      409: "The run is still going, or was retried already.",
      429: RATE,
    },
  },
  {
    id: "restartRun",
    method: "post",
    path: "/api/tenants/{id}/runs/{run}/restart",
    tag: "Runs",
    summary:
      "Restart a run that ended from a named step, keeping the results of the steps before it",
    params: { ...tenantId, run: RunId },
    body: { schema: RestartBody },
    ok: {
      status: 202,
      description:
        "`{ run_id, from, kept, restarts, status }`: the run under way again from `from`; `kept` names the steps whose stored results it reuses.",
      schema: RunRestarted,
    },
    errors: {
      400: "`from` is not a step of a content run (the valid ones are listed).",
      404: "No such tenant or run.",
      409: "The run is still going, never reached the step, or was rejected after it; or the engine refused.",
      422: "Field errors.",
      429: RATE,
    },
  },
  {
    id: "actOnRun",
    method: "post",
    path: "/api/tenants/{id}/runs/{run}/{action}",
    tag: "Runs",
    summary: "Approve or reject a run waiting for approval, or cancel a run",
    params: { ...tenantId, run: RunId, action: RunAction },
    body: { schema: ActionBody, optional: true },
    ok: { status: 200, description: "What the run became.", schema: RunActionResult },
    errors: {
      404: "No such tenant or run.",
      409: "The run is finished, or not waiting for approval.",
      422: "Field errors.",
      429: RATE,
    },
  },
  {
    id: "getTrace",
    method: "get",
    path: "/api/trace/{correlation_id}",
    tag: "Trace",
    summary: "One chain in causal order: messages, decisions with reasons, runs, steps",
    params: { correlation_id: CorrelationId },
    query: TraceQuery,
    ok: { status: 200, description: "`{ correlation_id, tenant_id, entries }`." },
    errors: { 400: "A query parameter is not valid.", 404: "No such tenant or chain." },
  },
  {
    id: "listAudit",
    method: "get",
    path: "/api/audit",
    tag: "Audit",
    summary: "Who did what, when, to what, with what outcome, newest first, a page at a time",
    query: AuditQuery,
    ok: {
      status: 200,
      description:
        "`{ entries: [{ seq, at, actor, role, action, method, path, tenant_id, target, status, outcome }], next_before }`.",
    },
    errors: { 400: "A query parameter is not valid." },
  },
  {
    id: "getAlerts",
    method: "get",
    path: "/api/alerts",
    tag: "Alerts",
    summary: "Alert rules with their state, the newest events, the rule kinds, delivery counts",
    ok: { status: 200, description: "The rules and what they saw.", schema: AlertsOverview },
  },
  {
    id: "putAlertRule",
    method: "put",
    path: "/api/alerts/rules/{id}",
    tag: "Alerts",
    summary: "Create or replace an alert rule (disabling a firing rule resolves it)",
    params: { id: RuleId },
    body: { schema: AlertRuleInput },
    ok: { status: 200, description: "Replaced (201 when created).", schema: AlertRulePut },
    errors: {
      400: "The rule id is not valid.",
      409: "Already at the most rules there may be.",
      422: "Field errors.",
    },
  },
  {
    id: "deleteAlertRule",
    method: "delete",
    path: "/api/alerts/rules/{id}",
    tag: "Alerts",
    summary: "Delete an alert rule (what it had firing is resolved)",
    params: { id: RuleId },
    ok: { status: 204, description: "Deleted." },
    errors: { 400: "The rule id is not valid.", 404: "No such rule." },
  },
  {
    id: "listAlertWebhooks",
    method: "get",
    path: "/api/alerts/webhooks",
    tag: "Alerts",
    summary: "The webhooks alert events are delivered to (without their secrets)",
    ok: { status: 200, description: "The webhooks.", schema: AlertWebhookList },
  },
  {
    id: "createAlertWebhook",
    method: "post",
    path: "/api/alerts/webhooks",
    tag: "Alerts",
    summary: "Add a webhook; the answer carries its signing secret, once",
    body: { schema: WebhookInput },
    ok: { status: 201, description: "Created, with its secret.", schema: AlertWebhookCreated },
    errors: { 409: "Already at the most webhooks there may be.", 422: "Field errors." },
  },
  {
    id: "deleteAlertWebhook",
    method: "delete",
    path: "/api/alerts/webhooks/{id}",
    tag: "Alerts",
    summary: "Delete a webhook (its pending deliveries become dead)",
    ok: { status: 204, description: "Deleted." },
    errors: { 404: "No such webhook." },
  },
  {
    id: "listAlertEvents",
    method: "get",
    path: "/api/alerts/events",
    tag: "Alerts",
    summary: "Every alert event kept, newest first, a page at a time, by rule or tenant",
    query: AlertEventsQuery,
    ok: {
      status: 200,
      description: "`{ events, next_before }`: firings and resolvings.",
      schema: AlertEventPage,
    },
    errors: { 400: "A query parameter is not valid." },
  },
  {
    id: "listAlertDeliveries",
    method: "get",
    path: "/api/alerts/deliveries",
    tag: "Alerts",
    summary: "Deliveries of alert events, newest first, a page at a time, by status",
    query: DeliveriesQuery,
    ok: { status: 200, description: "A page of deliveries.", schema: AlertDeliveryPage },
    errors: { 400: "A query parameter or the cursor is not valid." },
  },
  {
    id: "redriveAlertDelivery",
    method: "post",
    path: "/api/alerts/deliveries/{id}/redrive",
    tag: "Alerts",
    summary: "Give a dead delivery a fresh set of attempts",
    ok: { status: 200, description: "Pending again.", schema: AlertDeliveryRedriven },
    errors: { 404: "No such delivery.", 409: "Not dead, or its webhook was deleted." },
  },
  {
    id: "listDeadLetters",
    method: "get",
    path: "/api/dlq",
    tag: "Dead letters",
    summary: "Dead letters, newest first, a page at a time, with the store's counters",
    query: ListQuery,
    ok: { status: 200, description: "`{ dead_letters, next_cursor, store }`." },
    errors: { 400: "A query parameter or the cursor is not valid." },
  },
  {
    id: "redriveDeadLetters",
    method: "post",
    path: "/api/dlq/redrive",
    tag: "Dead letters",
    summary: "Send letters back to their queues, by ids or by filter (or preview it)",
    body: { schema: RedriveBody },
    ok: {
      status: 200,
      description:
        "What happened to each letter; with `preview: true`, what would happen, and nothing is sent.",
      schema: RedriveResultSchema,
    },
    errors: { 422: "Field errors." },
  },
  {
    id: "replayEvents",
    method: "post",
    path: "/api/replay",
    tag: "Events",
    summary:
      "Send a tenant's logged events to its agent again (or preview what its dedup and decisions would do)",
    body: { schema: ReplayBody },
    ok: {
      status: 200,
      description:
        'Per event `{ event_id, outcome: "sent", dedup }` with totals; with `preview: true`, per event `{ event_id, type, timestamp, dedup, reason, decision? }` and nothing is sent. An empty selection has no items.',
      schema: z.union([ReplayPreview, ReplaySent]),
    },
    errors: { 400: "A filter is not valid.", 404: NO_TENANT },
  },
  {
    id: "redriveDeadLetter",
    method: "post",
    path: "/api/dlq/{id}/redrive",
    tag: "Dead letters",
    summary: "Redrive one letter",
    ok: { status: 200, description: "Sent (or kept: dead-lettered again).", schema: RedriveOne },
    errors: {
      404: "No such letter.",
      409: "Past the dedup horizon; never sent.",
      503: "Its queue refused the send; the letter stays.",
    },
  },
  {
    id: "deleteDeadLetter",
    method: "delete",
    path: "/api/dlq/{id}",
    tag: "Dead letters",
    summary: "Delete one letter for good",
    ok: { status: 204, description: "Deleted." },
    errors: { 404: "No such letter." },
  },
  {
    id: "getRouteTable",
    method: "get",
    path: "/api/routes",
    tag: "Operations",
    summary: "The fan-out route table, each rule with its hit count",
    ok: { status: 200, description: "`{ version, rules: [{ ...rule, hits, last_hit_at }] }`." },
  },
  {
    id: "getMetrics",
    method: "get",
    path: "/api/metrics",
    tag: "Operations",
    summary: "Per-queue counters and latencies, a time series, the priced meter",
    query: MetricsQuery,
    ok: { status: 200, description: "`{ since, queues, series, billing }`." },
    errors: { 400: "A query parameter is not valid." },
  },
  {
    id: "scrapeMetrics",
    method: "get",
    path: "/metrics",
    tag: "Operations",
    summary:
      "The same metrics for Prometheus: queues, latency histograms, backlogs, runs, tenants, cost",
    ok: {
      status: 200,
      description:
        "The Prometheus text exposition format 0.0.4: every family with HELP and TYPE (docs/OPERATIONS.md, “Scraping with Prometheus”).",
      text: TEXT_FORMAT_CONTENT_TYPE,
    },
  },
  {
    id: "listActivity",
    method: "get",
    path: "/api/feed",
    tag: "Operations",
    summary: "What the tenants' agents did, newest first",
    query: FeedQuery,
    ok: { status: 200, description: "`{ items: [...], next_before }`: a page at a time." },
    errors: { 400: "A query parameter is not valid." },
  },
  {
    id: "getOutage",
    method: "get",
    path: "/api/ops-agent/outage",
    tag: "Operations",
    summary: "The OpsAgent outage drill's state",
    ok: {
      status: 200,
      description: "Until when the OpsAgent refuses calls.",
      schema: OutageStateSchema,
    },
  },
  {
    id: "startOutage",
    method: "put",
    path: "/api/ops-agent/outage",
    tag: "Operations",
    summary: "Make the OpsAgent refuse calls for a while, as if it were down",
    body: { schema: OutageInput },
    ok: { status: 200, description: "The drill's state.", schema: OutageStateSchema },
    errors: { 422: "Field errors." },
  },
  {
    id: "endOutage",
    method: "delete",
    path: "/api/ops-agent/outage",
    tag: "Operations",
    summary: "End the outage drill",
    ok: { status: 204, description: "Ended." },
  },
  {
    id: "listServices",
    method: "get",
    path: "/api/services",
    tag: "Services",
    summary: "The reference services, their queues and injected faults",
    ok: { status: 200, description: "`{ services: [{ service, queue, fault }] }`." },
  },
  {
    id: "getFault",
    method: "get",
    path: "/api/services/{service}/faults",
    tag: "Services",
    summary: "A service's injected fault",
    params: service,
    ok: { status: 200, description: "`{ service, fault, updated_at }` (null when healthy)." },
    errors: { 404: "No such service." },
  },
  {
    id: "setFault",
    method: "put",
    path: "/api/services/{service}/faults",
    tag: "Services",
    summary: "Make a service fail transiently, permanently or slowly",
    params: service,
    body: { schema: FaultInput },
    ok: { status: 200, description: "The fault as stored.", schema: FaultStateSchema },
    errors: { 404: "No such service.", 422: "Field errors." },
  },
  {
    id: "clearFault",
    method: "delete",
    path: "/api/services/{service}/faults",
    tag: "Services",
    summary: "Clear a service's fault",
    params: service,
    ok: { status: 204, description: "Cleared." },
    errors: { 404: "No such service." },
  },
  {
    id: "getServiceOutbox",
    method: "get",
    path: "/api/services/{service}/outbox",
    tag: "Services",
    summary: "What the service's shard for a tenant has not sent yet",
    params: service,
    query: OutboxQuery,
    ok: {
      status: 200,
      description: "`{ service, tenant, pending, oldest_pending_at, last_error }`.",
    },
    errors: { 400: "A query parameter is not valid.", 404: "No such service or tenant." },
  },
  {
    id: "getResearch",
    method: "get",
    path: "/services/research/{id}",
    tag: "Services",
    summary: "One researched keyword by id",
    ok: { status: 200, description: "The keyword's difficulty, volume and intent." },
    errors: { 404: "No such research." },
  },
  {
    id: "listPublications",
    method: "get",
    path: "/services/publisher/{tenant}/publications",
    tag: "Services",
    summary: "The publisher's publications for a tenant",
    params: { tenant: TenantId },
    ok: { status: 200, description: "`{ publications: [...] }`." },
    errors: { 404: NO_TENANT },
  },
  {
    id: "listPosts",
    method: "get",
    path: "/services/social/{tenant}/posts",
    tag: "Services",
    summary: "The social posts for a tenant",
    params: { tenant: TenantId },
    query: PostsQuery,
    ok: { status: 200, description: "`{ posts: [...] }`." },
    errors: { 400: "A query parameter is not valid.", 404: NO_TENANT },
  },
  {
    id: "listReports",
    method: "get",
    path: "/services/analytics/{tenant}/reports",
    tag: "Services",
    summary: "The analytics reports for a tenant",
    params: { tenant: TenantId },
    ok: { status: 200, description: "`{ reports: [...] }`." },
    errors: { 404: NO_TENANT },
  },
  {
    id: "getSite",
    method: "get",
    path: "/sites/{tenant}",
    tag: "Sites",
    summary: "A tenant's published articles",
    ok: { status: 200, description: "An HTML page.", html: true },
    params: { tenant: TenantId },
    errors: { 404: { description: "No such tenant.", html: true }, 429: READER_RATE },
  },
  {
    id: "getArticle",
    method: "get",
    path: "/sites/{tenant}/{slug}",
    tag: "Sites",
    summary: "One published article",
    ok: { status: 200, description: "An HTML page.", html: true },
    params: { tenant: TenantId },
    errors: { 404: { description: "No such article.", html: true }, 429: READER_RATE },
  },
];
