// The HTTP API's response bodies: one zod schema per answer the dashboard (or any client)
// reads. The server's routes are held to them at compile time
// (`worker/http/responses.typecheck.ts`); clients parse with them.

export {
  AlertDelivery,
  AlertDeliveryPage,
  AlertDeliveryRedriven,
  AlertEvent,
  AlertEventPage,
  AlertKindInfo,
  AlertRule,
  AlertRulePut,
  AlertRuleWithState,
  AlertState,
  AlertsOverview,
  AlertWebhook,
  AlertWebhookCreated,
  AlertWebhookList,
} from "./alerts";
export { API_METHODS, ApiDocument, type ApiMethod, ApiOperation } from "./api-docs";
export { AuditEntry, AuditPage } from "./audit";
export { Budget, BudgetInput, BudgetStatus } from "./budgets";
export {
  DeadLetter,
  DeadLetterPage,
  DeadLetterStore,
  LetterRedriven,
  RedrivePreview,
  RedriveResult,
} from "./dead-letters";
export { EventLogEntry, EventLogPage, IngestAccepted } from "./event-log";
export {
  Billing,
  Latency,
  Metrics,
  PRICED_OPERATIONS,
  type PricedOperation,
  QueueMetrics,
  SeriesPoint,
} from "./metrics";
export { Health, OutageState } from "./platform";
export {
  DecisionOutline,
  ReplayPreview,
  ReplayPreviewItem,
  ReplaySent,
} from "./replay";
export { DestinationView, RouteTableWithHits, RuleWithHits } from "./route-table";
export {
  CONTENT_RUN_STEP_RETRIES,
  CONTENT_RUN_STEPS,
  type ContentRunStep,
  RunRestarted,
  STEP_RETRIES,
  type StepRetryKind,
} from "./run-restart";
export {
  BULK_ACTIONS,
  BulkItem,
  BulkResult,
  LOOKUP_KINDS,
  LookupResult,
  RUN_STATUSES,
  RunPage,
  TenantRun,
} from "./run-search";
export {
  CycleAccepted,
  RUN_ACTIONS,
  Run,
  RunActionResult,
  RunList,
  RunRetried,
  RunStep,
  Waiting,
} from "./runs";
export { type FaultResponses, faultResponses, ServiceOutbox } from "./services";
export { type StrategyResponses, strategyResponses } from "./strategy";
export {
  ContentItem,
  ContentList,
  KeywordUse,
  Research,
  ResearchRow,
  TenantOutbox,
} from "./tenant-reads";
export { ActiveRun, TenantState } from "./tenant-state";
export {
  ActivityFeed,
  ActivityItem,
  HeldDelivery,
  HeldSummary,
  TenantCost,
  TenantCounters,
  TenantExport,
  TenantList,
  TenantPaused,
  TenantResumed,
  TenantStatus,
  TenantSummary,
  TenantUsage,
} from "./tenants";
export {
  Trace,
  TraceDecision,
  TraceEntry,
  TraceMessage,
  TraceRun,
  TraceStep,
  Verdict,
} from "./trace";
