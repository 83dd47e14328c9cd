/**
 * The API's answers as the dashboard reads them. Every response schema is the
 * contract's own (`events/http/`), held to what the routes answer at compile time by
 * `worker/http/responses.typecheck.ts`; a response of the wrong shape is a clear
 * problem on the page rather than a crash deep in a view. This file only completes the
 * answers that carry the agent's `Strategy` or the services' `FaultInput`, and names the
 * types the views use. No response schema is defined in dashboard/
 * (`dashboard/contract.unit.test.ts` fails if one is).
 */
import type { z } from "zod";
import { faultResponses, strategyPreviewSchema, strategyResponses } from "../../../events";
import { FaultInput } from "../../../events/faults";
import { Strategy } from "../../../events/strategy";

export {
  ActivityFeed,
  AlertDeliveryPage,
  AlertDeliveryRedriven,
  AlertRulePut,
  AlertsOverview,
  AlertWebhookCreated,
  AlertWebhookList,
  AuditPage,
  BudgetStatus,
  BulkResult,
  ContentList,
  CycleAccepted,
  DeadLetterPage,
  EventLogPage,
  IngestAccepted,
  LookupResult,
  Metrics,
  RedrivePreview,
  RedriveResult,
  ReplayPreview,
  ReplaySent,
  RouteTableWithHits,
  RunActionResult,
  RunList,
  RunPage,
  RunRestarted,
  RunRetried,
  TenantExport,
  TenantList,
  TenantPaused,
  TenantResumed,
  Trace,
} from "../../../events";

export const { VersionedStrategy, StrategyHistory, TenantDetail, CreatedTenant, AgentInspection } =
  strategyResponses(Strategy);

export const { ServiceList, FaultState } = faultResponses(FaultInput);

/** `POST /api/tenants/:id/strategy/preview`: the contract's own schema (events/), the draft a `Strategy`. */
export const StrategyPreviewSchema = strategyPreviewSchema(Strategy);
export type StrategyPreview = z.output<typeof StrategyPreviewSchema>;

// The types the views use, by the names they use.
export type {
  AlertDelivery,
  AlertRuleWithState,
  AlertWebhook,
  AuditEntry,
  BudgetInput,
  BulkItem,
  ContentItem as Content,
  DeadLetter,
  EventLogEntry,
  Latency,
  PricedOperation,
  QueueMetrics,
  RuleWithHits as RouteRuleView,
  Run,
  RunStep,
  SeriesPoint,
  TenantRun,
  TraceEntry,
} from "../../../events";
export type ServiceFaults = z.output<typeof ServiceList>["services"][number];
