/**
 * The API's answers as the dashboard reads them: a zod schema per response, so a
 * response of the wrong shape is a clear problem rather than a crash deep in a view.
 * Where the server's own type is importable here (no Worker types in it), the schema is
 * checked against it at compile time (`satisfies z.ZodType<...>`); the others mirror
 * what the routes in worker/http/routes/ return. Objects are loose: a field the server
 * adds later does not break an older page.
 */
import { z } from "zod";
import type { ActivityItem, TenantCounters, TenantSummary } from "../../../agents/ops-state";
import { Strategy, type StrategyVersion } from "../../../agents/tenant/strategy";
import type { TenantState } from "../../../agents/tenant-state";
import { FaultInput } from "../../../services/faults/config";

const text = z.string();
const maybeText = z.string().nullable();
const count = z.number();

export const TenantCountersSchema = z.looseObject({
  applied: count,
  duplicates: count,
  cycles: count,
  decisions: count,
  runs_started: count,
  runs_active: count,
  runs_completed: count,
  runs_failed: count,
  articles_published: count,
  strategy_version: count,
  last_cycle_at: maybeText,
  last_error: maybeText,
  updated_at: text,
}) satisfies z.ZodType<TenantCounters>;

export const TenantSummarySchema = z.looseObject({
  id: text,
  name: text,
  created_at: text,
  summary: TenantCountersSchema.nullable(),
}) satisfies z.ZodType<TenantSummary>;

export const TenantListSchema = z.object({ tenants: z.array(TenantSummarySchema) });

const ActiveRunSchema = z.looseObject({
  run_id: text,
  keyword: text,
  status: text,
  step: maybeText,
  percent: z.number().nullable(),
  correlation_id: text,
  requested_at: text,
});

export const TenantStateSchema = z.looseObject({
  tenant_id: text,
  applied: count,
  duplicates: count,
  last_event: z
    .looseObject({ event_id: text, type: text, timestamp: text, applied_at: text })
    .nullable(),
  strategy_version: count,
  cycle_cron: text,
  current_cycle: z.looseObject({ correlation_id: text, reason: text, started_at: text }).nullable(),
  counts: z.looseObject({
    cycles: count,
    decisions: count,
    runs_started: count,
    runs_active: count,
    runs_completed: count,
    runs_failed: count,
    articles_published: count,
  }),
  active_runs: z.array(ActiveRunSchema),
  last_error: z.looseObject({ at: text, message: text }).nullable(),
}) satisfies z.ZodType<TenantState>;

export const VersionedStrategySchema = z.object({ version: count, strategy: Strategy });

/** One tenant's agent cost, as `GET /api/tenants/:id` answers it (null before any traffic). */
export const TenantCostSchema = z
  .looseObject({
    operations: z.looseObject({
      do_requests: count,
      sqlite_rows_read: count,
      sqlite_rows_written: count,
    }),
    usd_total: z.number(),
    usd_per_million_events: z.number().nullable(),
  })
  .nullable();

export const TenantDetailSchema = z.object({
  tenant: TenantSummarySchema,
  state: TenantStateSchema,
  strategy: VersionedStrategySchema,
  cost: TenantCostSchema.optional().default(null),
});

export const NewTenantSchema = z.object({ tenant: TenantSummarySchema });

export const StrategyVersionsSchema = z.object({
  versions: z.array(z.object({ version: count, strategy: Strategy, note: text, created_at: text })),
}) satisfies z.ZodType<{ versions: StrategyVersion[] }>;

export const CycleSchema = z.object({ accepted: z.boolean(), correlation_id: text });

export const IngestSchema = z.object({ accepted: count, event_ids: z.array(text) });

export const EventLogSchema = z.object({
  events: z.array(
    z.looseObject({
      seq: count,
      event_id: text,
      type: text,
      source: text,
      timestamp: text,
      correlation_id: maybeText,
      causation_id: maybeText,
      payload: z.unknown(),
      applied_at: text,
    }),
  ),
});
export type EventLogEntry = z.output<typeof EventLogSchema>["events"][number];

export const FeedSchema = z.object({
  items: z.array(
    z.looseObject({
      seq: count,
      tenant_id: text,
      at: text,
      kind: text,
      text,
      correlation_id: maybeText,
    }),
  ),
}) satisfies z.ZodType<{ items: ActivityItem[] }>;

export const ResearchSchema = z.object({
  results: z.array(
    z.looseObject({
      research_id: text,
      keyword: text,
      difficulty: count,
      volume: count,
      intent: text,
      correlation_id: maybeText,
      received_at: text,
    }),
  ),
  keyword_use: z.record(z.string(), z.enum(["published", "in progress"])),
});
export type Research = z.output<typeof ResearchSchema>;

// ── runs ─────────────────────────────────────────────────────────────────────────

export const RunStepSchema = z.looseObject({
  step: text,
  status: text,
  message: maybeText,
  first_at: text,
  updated_at: text,
  /** Tries of the step so far, when the workflow reports them. */
  attempts: z.number().optional(),
});
export type RunStep = z.output<typeof RunStepSchema>;

export const RunSchema = z.looseObject({
  run_id: text,
  content_id: text,
  keyword: text,
  correlation_id: text,
  status: text,
  step: maybeText,
  percent: z.number().nullable(),
  error: maybeText,
  requested_at: text,
  started_at: maybeText,
  updated_at: text,
  completed_at: maybeText,
  workflow_status: maybeText,
  steps: z.array(RunStepSchema),
});
export type Run = z.output<typeof RunSchema>;

export const RunListSchema = z.object({ runs: z.array(RunSchema) });

export const RunActionSchema = z.object({ run_id: text, action: text, status: text });

// ── trace ────────────────────────────────────────────────────────────────────────

const traceBase = { id: text, parent: maybeText, at: text, depth: count };

export const TraceEntrySchema = z.discriminatedUnion("kind", [
  z.looseObject({
    ...traceBase,
    kind: z.literal("message"),
    type: text,
    source: text,
    direction: z.enum(["in", "out"]),
    delivery: z.enum(["applied", "sent", "pending"]),
    correlation_id: maybeText,
    causation_id: maybeText,
    payload: z.unknown(),
  }),
  z.looseObject({
    ...traceBase,
    kind: z.literal("decision"),
    decision_kind: text,
    summary: text,
    strategy_version: count,
    reasons: z.array(
      z.object({
        verdict: z.enum(["kept", "dropped", "due", "not due", "note"]),
        subject: text,
        text,
      }),
    ),
  }),
  z.looseObject({
    ...traceBase,
    kind: z.literal("run"),
    keyword: text,
    content_id: text,
    status: text,
    step: maybeText,
    percent: z.number().nullable(),
    error: maybeText,
    started_at: maybeText,
    completed_at: maybeText,
  }),
  z.looseObject({
    ...traceBase,
    kind: z.literal("step"),
    run_id: text,
    step: text,
    status: text,
    message: maybeText,
    updated_at: text,
  }),
]);
export type TraceEntry = z.output<typeof TraceEntrySchema>;

export const TraceSchema = z.object({
  correlation_id: text,
  tenant_id: text,
  entries: z.array(TraceEntrySchema),
});
export type Trace = z.output<typeof TraceSchema>;

// ── operations ───────────────────────────────────────────────────────────────────

export const DeadLetterSchema = z.looseObject({
  id: text,
  queue: text,
  reason: text,
  attempts: count,
  event_id: maybeText,
  type: maybeText,
  tenant_id: maybeText,
  body: z.unknown(),
  first_seen: text,
  last_seen: text,
});
export type DeadLetter = z.output<typeof DeadLetterSchema>;

export const DeadLetterListSchema = z.object({
  dead_letters: z.array(DeadLetterSchema),
  /** Where the next (older) page starts; null on the last page. */
  next_cursor: maybeText,
});

export const RedriveResultSchema = z.object({
  redriven: z.array(text),
  missing: z.array(text),
  failed: z.array(z.object({ id: text, error: text })),
  kept: z.array(text),
  /** Letters past the dedup horizon: never sent, each with why. */
  refused: z.array(z.object({ id: text, reason: text })).default([]),
});
export type RedriveResult = z.output<typeof RedriveResultSchema>;

export const RouteTableSchema = z.object({
  version: count,
  rules: z.array(
    z.looseObject({
      id: text,
      match: text,
      when: z.unknown().optional(),
      to: z.array(
        z.looseObject({
          kind: text,
          queue: text.optional(),
          as: text.optional(),
          map: z.record(z.string(), z.string()).optional(),
        }),
      ),
      description: text.optional(),
      hits: count,
      last_hit_at: maybeText,
    }),
  ),
});
export type RouteRuleView = z.output<typeof RouteTableSchema>["rules"][number];

const LatencySchema = z.object({
  count,
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
});
export type Latency = z.output<typeof LatencySchema>;

export const QueueMetricsSchema = z.looseObject({
  delivered: count,
  acked: count,
  retried: count,
  dead_lettered: count,
  duplicates: count,
  handler_ms: LatencySchema,
  wait_ms: LatencySchema,
});
export type QueueMetrics = z.output<typeof QueueMetricsSchema>;

export const SeriesPointSchema = z.looseObject({
  at: text,
  events: count,
  delivered: count,
  acked: count,
  retried: count,
  dead_lettered: count,
  duplicates: count,
  handler_ms: LatencySchema,
  wait_ms: LatencySchema,
});
export type SeriesPoint = z.output<typeof SeriesPointSchema>;

const OPERATIONS = [
  "queue_operations",
  "do_requests",
  "sqlite_rows_read",
  "sqlite_rows_written",
  "worker_requests",
] as const;
export type PricedOperation = (typeof OPERATIONS)[number];

export const MetricsSchema = z.object({
  since: maybeText,
  queues: z.record(z.string(), QueueMetricsSchema),
  series: z.object({
    bucket_seconds: count,
    from: text,
    to: text,
    points: z.array(SeriesPointSchema),
  }),
  billing: z.looseObject({
    events: count,
    operations: z.record(z.string(), count),
    per_event: z.record(z.enum(OPERATIONS), count),
    usd_per_million_events: z.record(z.enum([...OPERATIONS, "total"]), count),
    usd_total: count,
  }),
});
export type Metrics = z.output<typeof MetricsSchema>;

// ── content and faults ───────────────────────────────────────────────────────────

export const ContentSchema = z.looseObject({
  content_id: text,
  keyword: text,
  status: text,
  title: maybeText,
  word_count: z.number().nullable(),
  urls: z.array(text),
  published_at: maybeText,
  run_id: text,
  correlation_id: text,
  error: maybeText,
  requested_at: text,
});
export type Content = z.output<typeof ContentSchema>;

export const ContentListSchema = z.object({ content: z.array(ContentSchema) });

/** The fault as the server stored it: the same schema it parsed it with. */
const FaultSchema = FaultInput.nullable();

export const ServiceListSchema = z.object({
  services: z.array(z.looseObject({ service: text, queue: text, fault: FaultSchema })),
});
export type ServiceFaults = z.output<typeof ServiceListSchema>["services"][number];

export const FaultStateSchema = z.looseObject({
  service: text,
  fault: FaultSchema,
  updated_at: text,
});
