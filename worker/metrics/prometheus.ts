import type { MetricsSnapshot } from "../../agents/ops/metrics";
import { PRICES, type PricedOperation } from "../../agents/ops/prices";
import { MAX_TOP_TENANTS, type TenantRollup } from "../../agents/ops/tenant-rollup";
import type { HistogramName, QueueCounterName, QueueMetrics } from "../../events/batch-report";
import { type Histogram, LATENCY_BUCKETS_MS } from "../../events/histogram";
import type { QueueBacklog } from "./queue-backlog";
import type { Family, HistogramSeries, Sample } from "./text-format";

/** What one scrape is made of: the OpsAgent's figures, the queues' backlogs, and when. */
export type ScrapeInput = {
  metrics: MetricsSnapshot;
  tenants: TenantRollup;
  backlogs: readonly QueueBacklog[];
  nowMs: number;
};

const QUEUE_COUNTER_FAMILIES: readonly { counter: QueueCounterName; name: string; help: string }[] =
  [
    {
      counter: "delivered",
      name: "switchboard_queue_messages_delivered_total",
      help: "Messages (envelopes) a consumer received from the queue, redeliveries included.",
    },
    {
      counter: "acked",
      name: "switchboard_queue_messages_acked_total",
      help: "Messages acknowledged after their handler succeeded, duplicates included.",
    },
    {
      counter: "retried",
      name: "switchboard_queue_messages_retried_total",
      help: "Messages handed back to the queue for another delivery (with backoff).",
    },
    {
      counter: "dead_lettered",
      name: "switchboard_queue_messages_dead_lettered_total",
      help: "Messages moved to the queue's dead-letter queue, by its consumer or after its last retry.",
    },
    {
      counter: "duplicates",
      name: "switchboard_queue_messages_duplicate_total",
      help: "Messages acknowledged without effect because they had been applied already (dedup).",
    },
  ];

const HISTOGRAM_FAMILIES: readonly { histogram: HistogramName; name: string; help: string }[] = [
  {
    histogram: "handler_ms",
    name: "switchboard_queue_handler_duration_seconds",
    help: "Time the consumer took for a message's batch, one sample per message. _sum counts the batches recorded since the sums were added (OpsAgent migration 10).",
  },
  {
    histogram: "wait_ms",
    name: "switchboard_queue_wait_duration_seconds",
    help: "Time a message waited on the queue, from its send to the start of its batch. _sum counts the batches recorded since the sums were added (OpsAgent migration 10).",
  },
];

const PRICED: readonly PricedOperation[] = [
  "queue_operations",
  "do_requests",
  "worker_requests",
  "sqlite_rows_read",
  "sqlite_rows_written",
];

/** `METRICS_TOP_TENANTS`: an integer from 0 to MAX_TOP_TENANTS; 20 when unset or not one. */
export function topTenantsOf(env: Env): number {
  const raw: unknown = env.METRICS_TOP_TENANTS;
  const n = typeof raw === "string" && /^\d+$/.test(raw.trim()) ? Number(raw) : Number.NaN;
  return Number.isSafeInteger(n) ? Math.min(n, MAX_TOP_TENANTS) : 20;
}

/** Every metric family of a scrape, in the order they are written. Pure. */
export function scrapeFamilies({ metrics, tenants, backlogs, nowMs }: ScrapeInput): Family[] {
  const queues = metrics.queues;
  const perQueue = (value: (q: QueueMetrics) => number): Sample[] =>
    queues.map((q) => ({ labels: { queue: q.queue }, value: value(q) }));
  const backlog = (value: (b: QueueBacklog) => number): Sample[] =>
    backlogs.map((b) => ({ labels: { queue: b.queue }, value: value(b) }));
  const tenantSamples = (value: (t: TenantRollup["other"]) => number): Sample[] =>
    [...tenants.top, tenants.other].map((t) => ({ labels: { tenant: t.tenant }, value: value(t) }));
  const families: Family[] = [
    ...QUEUE_COUNTER_FAMILIES.map(
      ({ counter, name, help }): Family => ({
        name,
        help,
        type: "counter",
        samples: perQueue((q) => q.counters[counter]),
      }),
    ),
    ...HISTOGRAM_FAMILIES.map(
      ({ histogram, name, help }): Family => ({
        name,
        help,
        type: "histogram",
        series: queues.map((q) => histogramSeries(q.queue, q[histogram], q.sum_ms[histogram])),
      }),
    ),
    {
      name: "switchboard_queue_backlog_messages",
      help: "Messages waiting on the queue for delivery, as the queue itself reports (Queue.metrics()); a queue whose runtime does not report is left out.",
      type: "gauge",
      samples: backlog((b) => b.messages),
    },
    {
      name: "switchboard_queue_backlog_bytes",
      help: "Bytes of the messages waiting on the queue, as the queue itself reports (Queue.metrics()).",
      type: "gauge",
      samples: backlog((b) => b.bytes),
    },
    {
      name: "switchboard_queue_backlog_oldest_age_seconds",
      help: "Age of the oldest message waiting on the queue at this scrape, from the queue's own oldest-message time; 0 when none waits.",
      type: "gauge",
      samples: backlog((b) =>
        b.oldest_at === null ? 0 : Math.max(0, (nowMs - b.oldest_at) / 1000),
      ),
    },
    {
      name: "switchboard_tenants",
      help: "Registered tenants.",
      type: "gauge",
      samples: [{ value: tenants.tenants }],
    },
    {
      name: "switchboard_runs_active",
      help: "Content runs in progress now, summed over the tenants' latest summaries.",
      type: "gauge",
      samples: [{ value: tenants.runs.active }],
    },
    {
      name: "switchboard_runs_total",
      help: "Content runs by status reached (started, completed, failed), summed over the tenants' latest summaries.",
      type: "counter",
      samples: (["started", "completed", "failed"] as const).map((status) => ({
        labels: { status },
        value: tenants.runs[status],
      })),
    },
    {
      name: "switchboard_tenant_events_applied_total",
      help: 'Events each tenant\'s agent applied (duplicates not counted): the tenants with the most one by one (METRICS_TOP_TENANTS), every other summed as tenant="other".',
      type: "counter",
      samples: tenantSamples((t) => t.applied),
    },
    {
      name: "switchboard_tenant_cost_usd_total",
      help: 'What each tenant\'s agent cost at list prices (its Durable Object requests and SQLite rows; shared queue and Worker operations are in switchboard_billable_cost_usd_total), top tenants by applied events one by one, the rest as tenant="other".',
      type: "counter",
      samples: tenantSamples((t) => t.usd),
    },
    {
      name: "switchboard_metered_events_total",
      help: "Events that entered the platform (first deliveries on the events and agent-commands queues): the meter's denominator.",
      type: "counter",
      samples: [{ value: metrics.meter.events }],
    },
    {
      name: "switchboard_billable_operations_total",
      help: "Billable operations the event path caused, by Cloudflare pricing unit (queue operations per 64 KB, Durable Object and Worker requests, SQLite rows).",
      type: "counter",
      samples: PRICED.map((operation) => ({
        labels: { operation },
        value: metrics.meter[operation],
      })),
    },
    {
      name: "switchboard_billable_cost_usd_total",
      help: `The billable operations priced at Cloudflare's list prices of ${PRICES.taken_on}, by operation; their sum is the priced total.`,
      type: "counter",
      samples: PRICED.map((operation) => ({
        labels: { operation },
        // 12 significant digits: no float noise (0.4 × 3 is 1.2000000000000002), and
        // rounding keeps a growing figure growing.
        value: Number(
          ((metrics.meter[operation] * PRICES.usd_per_million[operation]) / 1e6).toPrecision(12),
        ),
      })),
    },
  ];
  if (metrics.since !== null) {
    families.push({
      name: "switchboard_metrics_since_timestamp_seconds",
      help: "When the OpsAgent began counting (Unix time): every counter here starts from zero then.",
      type: "gauge",
      samples: [{ value: Date.parse(metrics.since) / 1000 }],
    });
  }
  return families;
}

/** A stored histogram (ms, counts per bucket) as a Prometheus one in seconds. */
function histogramSeries(queue: string, counts: Histogram, sumMs: number): HistogramSeries {
  return {
    labels: { queue },
    buckets: [...LATENCY_BUCKETS_MS, Number.POSITIVE_INFINITY].map((boundMs, i) => ({
      le: boundMs / 1000,
      count: counts[i] ?? 0,
    })),
    sum: sumMs / 1000,
  };
}
