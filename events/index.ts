// The message contract: envelope, catalog, helpers. Imports nothing of the project and
// no Workers APIs, so Node scripts, Workers and the dashboard all share it.

export {
  BUNDLE_MAX_BYTES,
  BUNDLE_MAX_MESSAGES,
  type Bundle,
  bundle,
  isBundle,
  unbundle,
} from "./bundle";
export {
  type CatalogEntry,
  type CommandType,
  catalog,
  type EventType,
  type IngestSenders,
  isMessageType,
  type KindOf,
  kindOf,
  type Message,
  type MessageType,
  messageTypes,
  type PayloadInputOf,
  type PayloadOf,
  SERVICE_NAMES,
  type ServiceName,
} from "./catalog";
export { futureTimes, MAX_FUTURE_SKEW_MS } from "./clock-skew";
export {
  Envelope,
  MESSAGE_TYPE_PATTERN,
  TENANT_ID_PATTERN,
  TenantId,
} from "./envelope";
export {
  classifyError,
  describeError,
  type FailureClass,
  PermanentError,
  RateLimitedError,
} from "./errors";
// The HTTP API's response bodies (one list, in ./http/index.ts).
export * from "./http";
export { checkBatchLimits, LIMITS, type LimitCheck, serializedBytes } from "./limits";
export {
  type CreateMessageOptions,
  createMessage,
  InvalidMessageError,
  type MessageContext,
  systemContext,
} from "./message";
export {
  type BatchItemError,
  type BatchParseResult,
  type FieldError,
  type ParseResult,
  parseBatch,
  parseMessage,
} from "./parse";
export {
  DEFAULT_TENANT_SETTINGS,
  type Destination,
  type EnvelopeField,
  matchesType,
  type Predicate,
  type PredicateSubject,
  type PredicateTest,
  type RouteRule,
  type RouteTable,
  type Scalar,
  type TenantSettings,
} from "./routes";
export { stableFraction, stableHash } from "./stable-hash";
export {
  DroppedKeyword,
  KeptKeyword,
  KeywordOutcome,
  OutcomeChange,
  PastOutcomeChange,
  PREVIEW_DAYS,
  PreviewQuery,
  type StrategyPreview,
  StrategyPreviewOutcome,
  strategyPreviewSchema,
} from "./strategy-preview";
export {
  childTraceparent,
  formatTraceparent,
  mintTraceparent,
  outgoingTraceparent,
  parseTraceparent,
  rootTraceparent,
  spanIdOf,
  TRACEPARENT_FORM,
  type TraceCause,
  type TraceContext,
  type TracePosition,
  Traceparent,
  traceIdFor,
  traceOf,
  traceparentFromHeader,
  traceparentProblem,
} from "./trace-context";
